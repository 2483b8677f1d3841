package io.metriccare.etl.silver;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;

import io.metriccare.etl.bronze.BronzeStage;
import io.metriccare.etl.bronze.BronzeTable;
import io.metriccare.etl.lake.Lake;
import io.metriccare.etl.lake.LakeTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Rebuilds the Silver tables of the given tenants from their whole Bronze history: conformed rows
 * with references resolved to tenant-scoped ids, hospital-local dates, and no direct identifiers
 * (names, addresses, telecom and identifiers never leave Bronze).
 */
public final class SilverStage {

  /** A hospital the manifest gives no time zone keeps its calendar in UTC. */
  static final String DEFAULT_TIME_ZONE = "UTC";

  private static final StructType TIME_ZONE_SCHEMA =
      StructType.fromDDL("zone_tenant_id STRING, zone_hospital_id STRING, configured_time_zone STRING");

  private final Lake lake;
  private final BronzeStage bronze;
  private final Map<String, Map<String, String>> hospitalTimeZones;

  /** @param hospitalTimeZones tenant → hospital id → IANA zone id, as in the manifest */
  public SilverStage(Lake lake, BronzeStage bronze, Map<String, Map<String, String>> hospitalTimeZones) {
    this.lake = lake;
    this.bronze = bronze;
    this.hospitalTimeZones = hospitalTimeZones;
  }

  public SilverTables rebuild(Collection<String> tenants) {
    Dataset<Row> organizations = bronze.read(BronzeTable.ORGANIZATION, tenants);
    Dataset<Row> patients = bronze.read(BronzeTable.PATIENT, tenants);
    Dataset<Row> encounters = bronze.read(BronzeTable.ENCOUNTER, tenants);
    ReferenceIndex patientIndex = ReferenceIndex.of("Patient", patients);
    ReferenceIndex encounterIndex = ReferenceIndex.of("Encounter", encounters);

    Dataset<Row> dimHospital = dimHospital(organizations, hospitalTimeZones);
    return new SilverTables(
        commit(SilverTables.DIM_HOSPITAL, dimHospital, tenants),
        commit(SilverTables.DIM_PATIENT, dimPatient(patients), tenants),
        commit(SilverTables.FCT_ENCOUNTER, fctEncounter(
            encounters, patientIndex, ReferenceIndex.of("Organization", organizations),
            ReferenceIndex.of("Practitioner", bronze.read(BronzeTable.PRACTITIONER, tenants)), dimHospital), tenants),
        commit(SilverTables.FCT_CONDITION,
            fctCondition(bronze.read(BronzeTable.CONDITION, tenants), patientIndex, encounterIndex), tenants),
        commit(SilverTables.FCT_OBSERVATION,
            fctObservation(bronze.read(BronzeTable.OBSERVATION, tenants), patientIndex, encounterIndex), tenants));
  }

  static Dataset<Row> dimHospital(Dataset<Row> organizations, Map<String, Map<String, String>> hospitalTimeZones) {
    List<Row> zoneRows = new ArrayList<>();
    hospitalTimeZones.forEach((tenant, hospitals) ->
        hospitals.forEach((hospital, zone) -> zoneRows.add(RowFactory.create(tenant, hospital, zone))));
    Dataset<Row> zones = organizations.sparkSession().createDataFrame(zoneRows, TIME_ZONE_SCHEMA);
    Column sameHospital = col("tenant_id").equalTo(col("zone_tenant_id"))
        .and(col("resource_id").equalTo(col("zone_hospital_id")));
    return organizations.join(broadcast(zones), sameHospital, "left_outer").select(
        col("tenant_id"),
        col("resource_id").as("hospital_id"),
        col("name"),
        col("ccn"),
        col("state"),
        coalesce(col("configured_time_zone"), lit(DEFAULT_TIME_ZONE)).as("time_zone"));
  }

  static Dataset<Row> dimPatient(Dataset<Row> patients) {
    return patients.select(
        col("tenant_id"),
        col("resource_id").as("patient_id"),
        col("gender"),
        col("birth_date"),
        col("deceased_time"),
        col("is_deceased"));
  }

  static Dataset<Row> fctEncounter(
      Dataset<Row> encounters,
      ReferenceIndex patientIndex,
      ReferenceIndex organizationIndex,
      ReferenceIndex practitionerIndex,
      Dataset<Row> dimHospital) {
    Dataset<Row> hospitalTimeZones = dimHospital.select(
        col("tenant_id").as("tz_tenant_id"), col("hospital_id").as("tz_hospital_id"), col("time_zone"));
    Dataset<Row> resolved = practitionerIndex.withResolvedReference(
        organizationIndex.withResolvedReference(
            patientIndex.withResolvedReference(encounters, "patient_ref", "patient_id"),
            "hospital_ref", "hospital_id"),
        "practitioner_ref", "practitioner_id");
    Column sameHospital = resolved.col("tenant_id").equalTo(hospitalTimeZones.col("tz_tenant_id"))
        .and(resolved.col("hospital_id").equalTo(hospitalTimeZones.col("tz_hospital_id")));
    return resolved.join(hospitalTimeZones, sameHospital, "left_outer")
        .withColumn("hospital_time_zone", coalesce(col("time_zone"), lit(DEFAULT_TIME_ZONE)))
        .select(
            col("tenant_id"),
            col("encounter_id"),
            // Lineage: the submission the encounter's winning version came from.
            col("ingestion_id"),
            col("patient_id"),
            col("hospital_id"),
            col("practitioner_id"),
            col("status"),
            col("encounter_class"),
            col("admission_time"),
            col("discharge_time"),
            localDate(col("admission_time")).as("admit_date"),
            localDate(col("discharge_time")).as("discharge_date"),
            col("hospital_time_zone").as("time_zone"),
            col("discharge_disposition_system"),
            col("discharge_disposition_code"),
            col("admit_source_code"),
            col("department"),
            col("participant_role"),
            col("hospital_ref"),
            col("patient_ref"));
  }

  static Dataset<Row> fctCondition(
      Dataset<Row> conditions, ReferenceIndex patientIndex, ReferenceIndex encounterIndex) {
    return encounterIndex.withResolvedReference(
            patientIndex.withResolvedReference(conditions, "patient_ref", "patient_id"),
            "encounter_ref", "encounter_id")
        .select(
            col("tenant_id"),
            col("resource_id").as("condition_id"),
            col("patient_id"),
            col("encounter_id"),
            col("code_system"),
            col("code"),
            col("codings"),
            col("verification_status"),
            col("onset_time"));
  }

  static Dataset<Row> fctObservation(
      Dataset<Row> observations, ReferenceIndex patientIndex, ReferenceIndex encounterIndex) {
    return encounterIndex.withResolvedReference(
            patientIndex.withResolvedReference(observations, "patient_ref", "patient_id"),
            "encounter_ref", "encounter_id")
        .select(
            col("tenant_id"),
            col("resource_id").as("observation_id"),
            col("patient_id"),
            col("encounter_id"),
            col("status"),
            col("code_system"),
            col("code"),
            col("codings"),
            col("effective_time"));
  }

  private static Column localDate(Column instant) {
    return to_date(from_utc_timestamp(instant, col("hospital_time_zone")));
  }

  /**
   * Writes the table, then hands Gold what was committed: the rows the API can audit, behind a
   * short query plan. Hudi creates no table for a first write without rows; Gold then gets none.
   */
  private Dataset<Row> commit(LakeTable table, Dataset<Row> rows, Collection<String> tenants) {
    lake.replaceTenants(table, rows);
    return lake.read(table, tenants).orElseGet(() -> rows.limit(0));
  }
}
