package io.metriccare.etl.bronze;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.unix_millis;
import static org.apache.spark.sql.functions.when;

import io.metriccare.etl.lake.LakeTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * One Bronze Hudi table per FHIR resource type: the seed schema's flattened columns, plus the raw
 * resource JSON and its lineage. Each type parses only the fields it flattens, with an explicit
 * schema, so Spark never infers a schema from data.
 */
public enum BronzeTable {
  PATIENT("Patient", "patient",
      "gender STRING, birthDate STRING, deceasedDateTime STRING, deceasedBoolean BOOLEAN",
      List.of(
          to_timestamp(col("resource.deceasedDateTime")).as("deceased_time"),
          col("resource.deceasedBoolean").as("is_deceased"),
          col("resource.gender").as("gender"),
          col("resource.birthDate").as("birth_date"))),
  ENCOUNTER("Encounter", "encounter",
      "status STRING, `class` STRUCT<system: STRING, code: STRING>,"
          + " subject STRUCT<reference: STRING>,"
          + " period STRUCT<start: STRING, `end`: STRING>,"
          + " serviceType STRUCT<text: STRING, coding: ARRAY<STRUCT<system: STRING, code: STRING, display: STRING>>>,"
          + " participant ARRAY<STRUCT<type: ARRAY<STRUCT<coding: ARRAY<STRUCT<system: STRING, code: STRING>>>>,"
          + "   individual: STRUCT<reference: STRING>>>,"
          + " location ARRAY<STRUCT<location: STRUCT<reference: STRING>>>,"
          + " serviceProvider STRUCT<reference: STRING>,"
          + " hospitalization STRUCT<admitSource: STRUCT<coding: ARRAY<STRUCT<system: STRING, code: STRING>>>,"
          + "   dischargeDisposition: STRUCT<coding: ARRAY<STRUCT<system: STRING, code: STRING>>>>",
      List.of(
          col("resource_id").as("encounter_id"),
          col("resource.status").as("status"),
          col("resource.class.code").as("encounter_class"),
          col("resource.subject.reference").as("patient_ref"),
          to_timestamp(col("resource.period.start")).as("admission_time"),
          to_timestamp(col("resource.period.end")).as("discharge_time"),
          coalesce(col("resource.serviceType.text"), col("resource.serviceType.coding").getItem(0).getField("display"))
              .as("department"),
          col("resource.participant").getItem(0).getField("type").getItem(0).getField("coding").getItem(0)
              .getField("code").as("participant_role"),
          col("resource.participant").getItem(0).getField("individual").getField("reference").as("practitioner_ref"),
          col("resource.serviceProvider.reference").as("hospital_ref"),
          col("resource.location").getItem(0).getField("location").getField("reference").as("location_ref"),
          preferredDisposition().getField("system").as("discharge_disposition_system"),
          preferredDisposition().getField("code").as("discharge_disposition_code"),
          col("resource.hospitalization.admitSource.coding").getItem(0).getField("code").as("admit_source_code"))),
  CONDITION("Condition", "condition",
      "subject STRUCT<reference: STRING>, encounter STRUCT<reference: STRING>,"
          + " code STRUCT<coding: ARRAY<STRUCT<system: STRING, code: STRING>>>,"
          + " verificationStatus STRUCT<coding: ARRAY<STRUCT<system: STRING, code: STRING>>>,"
          + " onsetDateTime STRING, onsetPeriod STRUCT<start: STRING>, recordedDate STRING",
      List.of(
          col("resource.subject.reference").as("patient_ref"),
          col("resource.encounter.reference").as("encounter_ref"),
          col("resource.code.coding").getItem(0).getField("system").as("code_system"),
          col("resource.code.coding").getItem(0).getField("code").as("code"),
          systemAndCodes(col("resource.code.coding")).as("codings"),
          col("resource.verificationStatus.coding").getItem(0).getField("code").as("verification_status"),
          to_timestamp(coalesce(col("resource.onsetDateTime"), col("resource.onsetPeriod.start"))).as("onset_time"))),
  OBSERVATION("Observation", "observation",
      "status STRING, subject STRUCT<reference: STRING>, encounter STRUCT<reference: STRING>,"
          + " code STRUCT<coding: ARRAY<STRUCT<system: STRING, code: STRING>>>,"
          + " effectiveDateTime STRING, effectivePeriod STRUCT<start: STRING>",
      List.of(
          col("resource.status").as("status"),
          col("resource.subject.reference").as("patient_ref"),
          col("resource.encounter.reference").as("encounter_ref"),
          col("resource.code.coding").getItem(0).getField("system").as("code_system"),
          col("resource.code.coding").getItem(0).getField("code").as("code"),
          systemAndCodes(col("resource.code.coding")).as("codings"),
          to_timestamp(coalesce(col("resource.effectiveDateTime"), col("resource.effectivePeriod.start")))
              .as("effective_time"))),
  PROCEDURE("Procedure", "procedure",
      "status STRING, subject STRUCT<reference: STRING>, encounter STRUCT<reference: STRING>,"
          + " code STRUCT<coding: ARRAY<STRUCT<system: STRING, code: STRING>>>,"
          + " performedDateTime STRING, performedPeriod STRUCT<start: STRING, `end`: STRING>",
      List.of(
          col("resource.status").as("status"),
          col("resource.subject.reference").as("patient_ref"),
          col("resource.encounter.reference").as("encounter_ref"),
          col("resource.code.coding").getItem(0).getField("system").as("code_system"),
          col("resource.code.coding").getItem(0).getField("code").as("code"),
          systemAndCodes(col("resource.code.coding")).as("codings"),
          to_timestamp(coalesce(col("resource.performedDateTime"), col("resource.performedPeriod.start")))
              .as("performed_time"))),
  QUESTIONNAIRE_RESPONSE("QuestionnaireResponse", "questionnaire_response",
      "status STRING, questionnaire STRING, subject STRUCT<reference: STRING>, encounter STRUCT<reference: STRING>,"
          + " authored STRING",
      List.of(
          col("resource.status").as("status"),
          col("resource.questionnaire").as("questionnaire"),
          col("resource.subject.reference").as("patient_ref"),
          col("resource.encounter.reference").as("encounter_ref"),
          to_timestamp(col("resource.authored")).as("authored_time"))),
  ORGANIZATION("Organization", "organization",
      "name STRING, identifier ARRAY<STRUCT<system: STRING, value: STRING>>, address ARRAY<STRUCT<state: STRING>>",
      List.of(
          col("resource.name").as("name"),
          identifiers().as("identifier"),
          ccn().as("ccn"),
          col("resource.address").getItem(0).getField("state").as("state"))),
  LOCATION("Location", "location",
      "name STRING, identifier ARRAY<STRUCT<system: STRING, value: STRING>>,"
          + " managingOrganization STRUCT<reference: STRING>",
      List.of(
          col("resource.name").as("name"),
          identifiers().as("identifier"),
          col("resource.managingOrganization.reference").as("managing_organization_ref"))),
  PRACTITIONER("Practitioner", "practitioner",
      "name ARRAY<STRUCT<text: STRING, family: STRING, given: ARRAY<STRING>>>,"
          + " identifier ARRAY<STRUCT<system: STRING, value: STRING>>",
      List.of(
          coalesce(
              col("resource.name").getItem(0).getField("text"),
              concat_ws(" ",
                  concat_ws(" ", col("resource.name").getItem(0).getField("given")),
                  col("resource.name").getItem(0).getField("family")))
              .as("name"),
          identifiers().as("identifier")));

  private static final String COMMON_FIELDS = "resourceType STRING, id STRING, meta STRUCT<lastUpdated: STRING>, ";

  private final String resourceType;
  private final LakeTable table;
  private final StructType schema;
  private final List<Column> typeColumns;

  BronzeTable(String resourceType, String name, String fieldsDdl, List<Column> typeColumns) {
    this.resourceType = resourceType;
    this.table = LakeTable.keyedBy("bronze/" + name, "tenant_id", "resource_id").precombinedOn("precombine_ts");
    this.schema = StructType.fromDDL(COMMON_FIELDS + fieldsDdl);
    this.typeColumns = typeColumns;
  }

  public String resourceType() {
    return resourceType;
  }

  public LakeTable table() {
    return table;
  }

  /** Bundle entries of this type flattened to the table's columns; entries without an id are dropped. */
  Dataset<Row> flatten(Dataset<Row> entries) {
    List<Column> columns = new ArrayList<>(List.of(
        col("tenant_id"), col("resource_id"), col("full_url"), col("resource_json"),
        col("source_object"), col("ingestion_id"), col("precombine_ts")));
    columns.addAll(typeColumns);
    return entries
        .filter(col("resource_type").equalTo(resourceType))
        .withColumn("resource", from_json(col("resource_json"), schema))
        .withColumn("resource_id", coalesce(col("resource.id"), uuidOfFullUrl()))
        // meta.lastUpdated orders versions of a resource; the ingestion time breaks ties for
        // senders that never set it.
        .withColumn("precombine_ts", coalesce(
            unix_millis(to_timestamp(col("resource.meta.lastUpdated"))), unix_millis(col("received_at"))))
        .filter(col("resource_id").isNotNull())
        .select(columns.toArray(Column[]::new));
  }

  private static final String HL7_DISPOSITION = "http://terminology.hl7.org/CodeSystem/discharge-disposition";
  private static final String NUBC_DISPOSITION = "http://www.nubc.org/patient-discharge";
  private static final String CCN_SYSTEM = "http://www.cms.gov/CCN";

  /** The HL7 or NUBC coding, when the sender also sent local codes. */
  private static Column preferredDisposition() {
    Column codings = col("resource.hospitalization.dischargeDisposition.coding");
    return coalesce(
        filter(codings, coding -> coding.getField("system").isin(HL7_DISPOSITION, NUBC_DISPOSITION)).getItem(0),
        codings.getItem(0));
  }

  private static Column systemAndCodes(Column codings) {
    return transform(codings, coding -> concat_ws("|", coding.getField("system"), coding.getField("code")));
  }

  /** {@code system|value}, the form conditional references search by. */
  private static Column identifiers() {
    return transform(col("resource.identifier"),
        identifier -> concat_ws("|", identifier.getField("system"), identifier.getField("value")));
  }

  private static Column ccn() {
    return filter(col("resource.identifier"), identifier -> identifier.getField("system").equalTo(CCN_SYSTEM))
        .getItem(0).getField("value");
  }

  /** Transactions may omit the id of a new resource; its urn:uuid fullUrl names it instead. */
  static Column uuidOfFullUrl() {
    Column uuid = regexp_extract(col("full_url"), "^urn:uuid:(.+)$", 1);
    return when(uuid.notEqual(""), uuid);
  }
}
