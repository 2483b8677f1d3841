package io.metriccare.etl.gold.kpi;

import static org.apache.spark.sql.functions.lit;

import io.metriccare.etl.SparkTestSession;
import io.metriccare.etl.silver.SilverTables;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Hand-built Silver rows of one tenant and hospital, with explicit schemas, for the KPI rule tests. */
final class SilverFixture {

  static final String TENANT = "t1";
  static final String HOSPITAL = "H1";
  static final String HL7_DISPOSITION = "http://terminology.hl7.org/CodeSystem/discharge-disposition";
  static final String NUBC_DISPOSITION = "http://www.nubc.org/patient-discharge";

  private static final StructType ENCOUNTER = StructType.fromDDL(
      "tenant_id STRING, encounter_id STRING, patient_id STRING, hospital_id STRING, status STRING,"
          + " encounter_class STRING, admission_time TIMESTAMP, discharge_time TIMESTAMP, admit_date DATE,"
          + " discharge_date DATE, time_zone STRING, discharge_disposition_system STRING,"
          + " discharge_disposition_code STRING, admit_source_code STRING");
  private static final StructType PATIENT = StructType.fromDDL(
      "tenant_id STRING, patient_id STRING, deceased_time TIMESTAMP");
  private static final StructType CONDITION = StructType.fromDDL(
      "tenant_id STRING, condition_id STRING, patient_id STRING, encounter_id STRING, codings ARRAY<STRING>,"
          + " verification_status STRING, onset_time TIMESTAMP");
  private static final StructType OBSERVATION = StructType.fromDDL(
      "tenant_id STRING, observation_id STRING, patient_id STRING, encounter_id STRING, status STRING,"
          + " codings ARRAY<STRING>");
  private static final StructType HOSPITAL_ROW = StructType.fromDDL("tenant_id STRING, hospital_id STRING");

  private final List<Row> encounters = new ArrayList<>();
  private final List<Row> patients = new ArrayList<>();
  private final List<Row> conditions = new ArrayList<>();

  /** A finished inpatient stay admitted 09:00Z and discharged 11:00Z, discharged home. */
  SilverFixture stay(String encounterId, String patientId, String admitDate, String dischargeDate) {
    return encounter(encounterId, patientId, "IMP", at(admitDate, "09:00"), at(dischargeDate, "11:00"),
        HL7_DISPOSITION, "home", null);
  }

  SilverFixture encounter(String encounterId, String patientId, String encounterClass, Instant admission,
      Instant discharge, String dispositionSystem, String dispositionCode, String admitSource) {
    encounters.add(RowFactory.create(TENANT, encounterId, patientId, HOSPITAL, "finished", encounterClass,
        Timestamp.from(admission), Timestamp.from(discharge),
        java.sql.Date.valueOf(utcDate(admission)), java.sql.Date.valueOf(utcDate(discharge)), "UTC",
        dispositionSystem, dispositionCode, admitSource));
    return this;
  }

  SilverFixture deceased(String patientId, Instant deceasedAt) {
    patients.add(RowFactory.create(TENANT, patientId, Timestamp.from(deceasedAt)));
    return this;
  }

  /** @param coding {@code system|code} */
  SilverFixture condition(String conditionId, String patientId, String encounterId, String coding, String onsetDate) {
    conditions.add(RowFactory.create(TENANT, conditionId, patientId, encounterId, new String[] {coding},
        "confirmed", Timestamp.from(at(onsetDate, "12:00"))));
    return this;
  }

  /** All KPI rows for the fixture, data through {@code dataThrough}. */
  KpiRows measures(String dataThrough) {
    return measures(dataThrough, KpiValueSets.platformDefaults());
  }

  KpiRows measures(String dataThrough, KpiValueSets valueSets) {
    SilverTables silver = silver();
    Dataset<Row> stays = Stays.prepare(silver, valueSets, Map.of(TENANT, LocalDate.parse(dataThrough))).cache();
    return new KpiRows(KpiStage.measures(stays, silver, valueSets).collectAsList());
  }

  /** The fixture's {@code hai_by_code} rows as {@code grain period_start system|code = events}. */
  List<String> haiByCode(String dataThrough) {
    SilverTables silver = silver();
    KpiValueSets valueSets = KpiValueSets.platformDefaults();
    Dataset<Row> stays = Stays.prepare(silver, valueSets, Map.of(TENANT, LocalDate.parse(dataThrough))).cache();
    return KpiStage.haiByCode(stays, silver, valueSets).collectAsList().stream()
        .map(row -> row.getAs("period_grain") + " " + row.getAs("period_start") + " " + row.getAs("code_system")
            + "|" + row.getAs("code") + " = " + row.getAs("events"))
        .toList();
  }

  private SilverTables silver() {
    SparkSession spark = SparkTestSession.spark();
    return new SilverTables(
        spark.createDataFrame(List.of(RowFactory.create(TENANT, HOSPITAL)), HOSPITAL_ROW),
        spark.createDataFrame(patients, PATIENT),
        // Every fixture encounter came in one submission; lineage carries its id through the rules.
        spark.createDataFrame(encounters, ENCOUNTER).withColumn("ingestion_id", lit("fixture-ingestion")),
        spark.createDataFrame(conditions, CONDITION),
        spark.createDataFrame(List.of(), OBSERVATION));
  }

  static Instant at(String date, String time) {
    return Instant.parse(date + "T" + time + ":00Z");
  }

  private static LocalDate utcDate(Instant instant) {
    return LocalDate.ofInstant(instant, java.time.ZoneOffset.UTC);
  }
}
