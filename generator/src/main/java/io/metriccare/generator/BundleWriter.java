package io.metriccare.generator;

import static io.metriccare.generator.SpecCodeLists.ACT_CODE;
import static io.metriccare.generator.SpecCodeLists.ADMIT_SOURCE;
import static io.metriccare.generator.SpecCodeLists.VERIFICATION_STATUS;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;

/**
 * Streams one FHIR R4 transaction bundle to disk, resource by resource, so a bundle never has to
 * exist in memory. Entries are {@code PUT Type/id}; references are relative {@code Type/id}.
 */
final class BundleWriter implements AutoCloseable {

  private static final JsonFactory JSON = new JsonFactory();
  private static final DateTimeFormatter INSTANT_WITH_OFFSET = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");
  private static final String CCN_SYSTEM = "http://www.cms.gov/CCN";

  private final OutputStream file;
  private final JsonGenerator json;

  BundleWriter(Path path) throws IOException {
    Files.createDirectories(path.getParent());
    this.file = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
    this.json = JSON.createGenerator(file, JsonEncoding.UTF8);
    json.writeStartObject();
    json.writeStringField("resourceType", "Bundle");
    json.writeStringField("type", "transaction");
    json.writeArrayFieldStart("entry");
  }

  void hospital(SyntheticHospital hospital) throws IOException {
    startEntry("Organization", hospital.id());
    json.writeArrayFieldStart("identifier");
    json.writeStartObject();
    json.writeStringField("system", CCN_SYSTEM);
    json.writeStringField("value", hospital.ccn());
    json.writeEndObject();
    json.writeEndArray();
    json.writeStringField("name", hospital.name());
    json.writeArrayFieldStart("address");
    json.writeStartObject();
    json.writeStringField("state", hospital.state());
    json.writeEndObject();
    json.writeEndArray();
    endEntry("Organization", hospital.id());

    startEntry("Practitioner", hospital.practitionerId());
    json.writeArrayFieldStart("name");
    json.writeStartObject();
    json.writeStringField("family", "Attending");
    json.writeArrayFieldStart("given");
    json.writeString(hospital.name());
    json.writeEndArray();
    json.writeEndObject();
    json.writeEndArray();
    endEntry("Practitioner", hospital.practitionerId());
  }

  void patient(SyntheticPatient patient) throws IOException {
    startEntry("Patient", patient.id());
    json.writeStringField("gender", patient.gender());
    json.writeStringField("birthDate", patient.birthDate().toString());
    if (patient.deceased() != null) {
      json.writeStringField("deceasedDateTime", INSTANT_WITH_OFFSET.format(patient.deceased()));
    }
    endEntry("Patient", patient.id());
    for (SyntheticEncounter encounter : patient.encounters()) {
      encounter(patient, encounter);
    }
    for (SyntheticCondition condition : patient.conditions()) {
      condition(patient, condition);
    }
  }

  private void encounter(SyntheticPatient patient, SyntheticEncounter encounter) throws IOException {
    startEntry("Encounter", encounter.id());
    json.writeStringField("status", encounter.status());
    json.writeObjectFieldStart("class");
    json.writeStringField("system", ACT_CODE);
    json.writeStringField("code", encounter.classCode());
    json.writeEndObject();
    reference("subject", "Patient/" + patient.id());
    json.writeArrayFieldStart("participant");
    json.writeStartObject();
    reference("individual", "Practitioner/" + encounter.hospital().practitionerId());
    json.writeEndObject();
    json.writeEndArray();
    json.writeObjectFieldStart("period");
    json.writeStringField("start", INSTANT_WITH_OFFSET.format(encounter.start()));
    if (encounter.end() != null) {
      json.writeStringField("end", INSTANT_WITH_OFFSET.format(encounter.end()));
    }
    json.writeEndObject();
    reference("serviceProvider", "Organization/" + encounter.hospital().id());
    if (encounter.admitSource() != null || encounter.dispositionSystem() != null) {
      json.writeObjectFieldStart("hospitalization");
      if (encounter.admitSource() != null) {
        codeableConcept("admitSource", ADMIT_SOURCE, encounter.admitSource());
      }
      if (encounter.dispositionSystem() != null) {
        codeableConcept("dischargeDisposition", encounter.dispositionSystem(), encounter.dispositionCode());
      }
      json.writeEndObject();
    }
    endEntry("Encounter", encounter.id());
  }

  private void condition(SyntheticPatient patient, SyntheticCondition condition) throws IOException {
    startEntry("Condition", condition.id());
    if (condition.verificationStatus() != null) {
      codeableConcept("verificationStatus", VERIFICATION_STATUS, condition.verificationStatus());
    }
    codeableConcept("code", condition.system(), condition.code());
    reference("subject", "Patient/" + patient.id());
    reference("encounter", "Encounter/" + condition.encounterId());
    json.writeStringField("onsetDateTime", INSTANT_WITH_OFFSET.format(condition.onset()));
    endEntry("Condition", condition.id());
  }

  private void startEntry(String resourceType, String id) throws IOException {
    json.writeStartObject();
    json.writeObjectFieldStart("resource");
    json.writeStringField("resourceType", resourceType);
    json.writeStringField("id", id);
  }

  private void endEntry(String resourceType, String id) throws IOException {
    json.writeEndObject();
    json.writeObjectFieldStart("request");
    json.writeStringField("method", "PUT");
    json.writeStringField("url", resourceType + "/" + id);
    json.writeEndObject();
    json.writeEndObject();
  }

  private void reference(String field, String reference) throws IOException {
    json.writeObjectFieldStart(field);
    json.writeStringField("reference", reference);
    json.writeEndObject();
  }

  private void codeableConcept(String field, String system, String code) throws IOException {
    json.writeObjectFieldStart(field);
    json.writeArrayFieldStart("coding");
    json.writeStartObject();
    json.writeStringField("system", system);
    json.writeStringField("code", code);
    json.writeEndObject();
    json.writeEndArray();
    json.writeEndObject();
  }

  @Override
  public void close() throws IOException {
    json.writeEndArray();
    json.writeEndObject();
    json.close();
    file.close();
  }
}
