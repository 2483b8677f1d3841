package io.metriccare.etl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * KPI-SPEC §0–§4 recomputed in plain Java over parsed bundles, sharing no code with the Spark
 * rules: the oracle the engine's Gold rows are compared with on real Synthea data. Hospitals are on
 * the default UTC time zone and D is the §2 default. What Synthea data lacks (HAI codes,
 * in-progress stays, transfer admissions) this oracle does not compute; {@link #uncoveredData}
 * names any such data so a test fails rather than trusting an incomplete oracle.
 */
final class SyntheaKpiOracle {

  private static final Set<String> INPATIENT_CLASSES = Set.of("IMP", "ACUTE", "NONAC");
  private static final Set<String> IGNORED_VERIFICATION = Set.of("refuted", "entered-in-error", "unconfirmed");
  private static final String SNOMED = "http://snomed.info/sct";
  private static final String HL7_DISPOSITION = "http://terminology.hl7.org/CodeSystem/discharge-disposition";
  private static final String NUBC = "http://www.nubc.org/patient-discharge";
  private static final Set<String> HAI_SNOMED = Set.of("186431008", "266096002", "433202001", "68566005", "40733004");

  private record Stay(String id, String patientId, String hospitalId, OffsetDateTime admission,
      LocalDate admitDate, LocalDate dischargeDate, String disposition, boolean died) {

    long losDays() {
      return Math.max(1, ChronoUnit.DAYS.between(admitDate, dischargeDate));
    }
  }

  private final List<JsonNode> resources;
  private final List<Stay> stays;

  SyntheaKpiOracle(List<JsonNode> resources) {
    this.resources = List.copyOf(resources);
    this.stays = qualifyingStays();
  }

  /** Data the oracle does not compute; empty when its KPI lines are complete. */
  List<String> uncoveredData() {
    List<String> uncovered = new ArrayList<>();
    for (JsonNode resource : resources) {
      String type = resource.path("resourceType").asText();
      if (type.equals("Condition") && codes(resource.path("code")).stream().anyMatch(HAI_SNOMED::contains)) {
        uncovered.add("HAI condition " + resource.path("id").asText());
      }
      if (type.equals("Encounter") && isInpatient(resource) && !resource.path("status").asText().equals("finished")) {
        uncovered.add("non-finished inpatient encounter " + resource.path("id").asText());
      }
      if (type.equals("Encounter") && !resource.path("hospitalization").path("admitSource").isMissingNode()) {
        uncovered.add("admit source on encounter " + resource.path("id").asText());
      }
    }
    return uncovered;
  }

  /** Lines {@code hospital grain period_start measure = numerator/denominator pending p}, every grain. */
  List<String> kpiLines() {
    Map<String, long[]> facts = new TreeMap<>();
    LocalDate dataThrough = stays.stream().map(Stay::dischargeDate).max(LocalDate::compareTo).orElseThrow();
    for (Stay stay : stays) {
      if (!isTransferToAcute(stay)) {
        add(facts, stay, stay.dischargeDate(), "mortality", stay.died() ? 1 : 0, 1, 0);
      }
      if (!stay.died() && !isAgainstMedicalAdvice(stay) && !isTransferToAcute(stay)) {
        boolean pending = stay.dischargeDate().plusDays(30).isAfter(dataThrough);
        add(facts, stay, stay.dischargeDate(), "readmission_30d",
            !pending && isReadmitted(stay) ? 1 : 0, pending ? 0 : 1, pending ? 1 : 0);
      }
      add(facts, stay, stay.dischargeDate(), "alos", stay.losDays(), 1, 0);
      // §4: census days run from admission to the day before discharge; a same-day stay counts its one day.
      LocalDate lastCensusDate = Collections.max(List.of(stay.admitDate(), stay.dischargeDate().minusDays(1)));
      for (LocalDate day = stay.admitDate(); !day.isAfter(lastCensusDate); day = day.plusDays(1)) {
        add(facts, stay, day, "hai_rate", 0, 1, 0);
      }
    }
    return facts.entrySet().stream()
        .map(fact -> fact.getKey() + " = " + fact.getValue()[0] + "/" + fact.getValue()[1] + " pending " + fact.getValue()[2])
        .toList();
  }

  /** §2: the first later qualifying stay of the patient admitted 0–30 days after discharge. */
  private boolean isReadmitted(Stay index) {
    return stays.stream()
        .filter(next -> next.patientId().equals(index.patientId()) && next.admission().isAfter(index.admission()))
        .map(next -> ChronoUnit.DAYS.between(index.dischargeDate(), next.admitDate()))
        .anyMatch(days -> days >= 0 && days <= 30);
  }

  private static void add(Map<String, long[]> facts, Stay stay, LocalDate date, String measure,
      long numerator, long denominator, long pending) {
    Map<String, LocalDate> periods = Map.of(
        "month", date.withDayOfMonth(1),
        "quarter", LocalDate.of(date.getYear(), (date.getMonthValue() - 1) / 3 * 3 + 1, 1),
        "year", date.withDayOfYear(1));
    periods.forEach((grain, start) -> {
      long[] sums = facts.computeIfAbsent(
          stay.hospitalId() + " " + grain + " " + start + " " + measure, key -> new long[3]);
      sums[0] += numerator;
      sums[1] += denominator;
      sums[2] += pending;
    });
  }

  private List<Stay> qualifyingStays() {
    Map<String, String> hospitalByIdentifier = new HashMap<>();
    Map<String, LocalDate> deceasedDateByPatient = new HashMap<>();
    for (JsonNode resource : ofType("Organization")) {
      resource.path("identifier").forEach(identifier -> hospitalByIdentifier.put(
          identifier.path("system").asText() + "|" + identifier.path("value").asText(), resource.path("id").asText()));
    }
    for (JsonNode patient : ofType("Patient")) {
      if (patient.hasNonNull("deceasedDateTime")) {
        deceasedDateByPatient.put(patient.path("id").asText(), localDate(patient.path("deceasedDateTime").asText()));
      }
    }
    Set<String> encountersWithDeathCode = encountersLinkedToDeathCode();
    List<Stay> qualifying = new ArrayList<>();
    for (JsonNode encounter : ofType("Encounter")) {
      JsonNode period = encounter.path("period");
      if (!isInpatient(encounter) || !encounter.path("status").asText().equals("finished")
          || !period.hasNonNull("start") || !period.hasNonNull("end")) {
        continue;
      }
      OffsetDateTime admission = OffsetDateTime.parse(period.path("start").asText());
      if (OffsetDateTime.parse(period.path("end").asText()).isBefore(admission)) {
        continue;
      }
      String patientId = referencedId(encounter.path("subject").path("reference").asText(), ref -> ref);
      String hospitalId = referencedId(encounter.path("serviceProvider").path("reference").asText(),
          identifier -> hospitalByIdentifier.get(identifier));
      LocalDate admitDate = localDate(period.path("start").asText());
      LocalDate dischargeDate = localDate(period.path("end").asText());
      String disposition = disposition(encounter.path("hospitalization").path("dischargeDisposition"));
      LocalDate deceased = deceasedDateByPatient.get(patientId);
      boolean died = disposition.equals("expired")
          || deceased != null && !deceased.isBefore(admitDate) && !deceased.isAfter(dischargeDate)
          || encountersWithDeathCode.contains(encounter.path("id").asText());
      qualifying.add(new Stay(encounter.path("id").asText(), patientId, hospitalId, admission, admitDate,
          dischargeDate, disposition, died));
    }
    return qualifying;
  }

  /** Death coded on a Condition or Observation that names its encounter (Synthea always does). */
  private Set<String> encountersLinkedToDeathCode() {
    Set<String> encounters = new HashSet<>();
    for (JsonNode resource : resources) {
      String type = resource.path("resourceType").asText();
      boolean counts = type.equals("Observation") || type.equals("Condition") && !IGNORED_VERIFICATION.contains(
          resource.path("verificationStatus").path("coding").path(0).path("code").asText());
      if (counts && codes(resource.path("code")).contains("419620001")) {
        encounters.add(referencedId(resource.path("encounter").path("reference").asText(), ref -> ref));
      }
    }
    return encounters;
  }

  private static String disposition(JsonNode dispositionConcept) {
    for (JsonNode coding : dispositionConcept.path("coding")) {
      String code = coding.path("code").asText();
      if (coding.path("system").asText().equals(NUBC)) {
        String padded = code.length() == 1 ? "0" + code : code;
        if (Set.of("20", "40", "41", "42").contains(padded)) {
          return "expired";
        }
        if (padded.equals("07")) {
          return "aadvice";
        }
        if (padded.equals("02")) {
          return "transfer";
        }
      } else if (coding.path("system").asText().equals(HL7_DISPOSITION)) {
        if (code.equals("exp")) {
          return "expired";
        }
        if (code.equals("aadvice")) {
          return "aadvice";
        }
        if (code.equals("hosp")) {
          return "transfer";
        }
      }
    }
    return "other";
  }

  private static boolean isTransferToAcute(Stay stay) {
    return stay.disposition().equals("transfer");
  }

  private static boolean isAgainstMedicalAdvice(Stay stay) {
    return stay.disposition().equals("aadvice");
  }

  private static boolean isInpatient(JsonNode encounter) {
    return INPATIENT_CLASSES.contains(encounter.path("class").path("code").asText());
  }

  /** The logical id a Synthea reference names: {@code urn:uuid:<id>}, {@code Type/<id>} or {@code Type?identifier=<s|v>}. */
  private static String referencedId(String reference, Function<String, String> byIdentifier) {
    if (reference.startsWith("urn:uuid:")) {
      return reference.substring("urn:uuid:".length());
    }
    int query = reference.indexOf("?identifier=");
    if (query >= 0) {
      return byIdentifier.apply(reference.substring(query + "?identifier=".length()));
    }
    return reference.substring(reference.lastIndexOf('/') + 1);
  }

  private static List<String> codes(JsonNode concept) {
    List<String> codes = new ArrayList<>();
    concept.path("coding").forEach(coding -> {
      if (coding.path("system").asText().equals(SNOMED)) {
        codes.add(coding.path("code").asText());
      }
    });
    return codes;
  }

  private List<JsonNode> ofType(String type) {
    return resources.stream().filter(resource -> resource.path("resourceType").asText().equals(type)).toList();
  }

  private static LocalDate localDate(String dateTime) {
    return OffsetDateTime.parse(dateTime).atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
  }
}
