package io.metriccare.etl.silver;

import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.metriccare.etl.SparkTestSession;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SilverStageTests {

  private static final StructType ORGANIZATION = StructType.fromDDL(
      "tenant_id STRING, resource_id STRING, full_url STRING, name STRING, ccn STRING, state STRING");
  private static final StructType REFERENCED = StructType.fromDDL("tenant_id STRING, resource_id STRING, full_url STRING");
  private static final StructType ENCOUNTER = StructType.fromDDL(
      "tenant_id STRING, resource_id STRING, full_url STRING, encounter_id STRING, patient_ref STRING,"
          + " hospital_ref STRING, practitioner_ref STRING, status STRING, encounter_class STRING,"
          + " admission_time TIMESTAMP, discharge_time TIMESTAMP, discharge_disposition_system STRING,"
          + " discharge_disposition_code STRING, admit_source_code STRING, department STRING, participant_role STRING");

  /** The same instants, dated by a Berlin, a New York and a UTC hospital: only the local calendar counts. */
  @Test
  void fctEncounter_datesStaysInTheirHospitalsTimeZone_acrossLocalMidnight() {
    SparkSession spark = SparkTestSession.spark();
    Dataset<Row> organizations = spark.createDataFrame(List.of(
        RowFactory.create("t1", "BER", null, "Berlin", null, null),
        RowFactory.create("t1", "NYC", null, "New York", null, null),
        RowFactory.create("t1", "UTC", null, "Default", null, null)), ORGANIZATION);
    Map<String, Map<String, String>> zones = Map.of("t1", Map.of("BER", "Europe/Berlin", "NYC", "America/New_York"));
    String admitted = "2024-06-01T00:30:00+02:00";
    String discharged = "2024-01-31T23:30:00-05:00";
    Dataset<Row> encounters = spark.createDataFrame(List.of(
        encounter("E1", "BER", admitted, admitted),
        encounter("E2", "UTC", admitted, admitted),
        encounter("E3", "NYC", discharged, discharged),
        encounter("E4", "UTC", discharged, discharged)), ENCOUNTER).withColumn("ingestion_id", lit("i1"));
    Dataset<Row> patients = spark.createDataFrame(List.of(RowFactory.create("t1", "P1", null)), REFERENCED);
    Dataset<Row> dimHospital = SilverStage.dimHospital(organizations, zones);

    List<String> dates = SilverStage.fctEncounter(encounters, ReferenceIndex.of("Patient", patients),
            ReferenceIndex.of("Organization", organizations),
            ReferenceIndex.of("Practitioner", spark.createDataFrame(List.of(), REFERENCED)), dimHospital)
        .collectAsList().stream()
        .map(row -> row.getAs("encounter_id") + " " + row.getAs("time_zone") + " " + row.getAs("admit_date"))
        .toList();

    assertThat(dates).containsExactlyInAnyOrder(
        "E1 Europe/Berlin 2024-06-01",
        "E2 UTC 2024-05-31",
        "E3 America/New_York 2024-01-31",
        "E4 UTC 2024-02-01");
  }

  private static Row encounter(String id, String hospital, String start, String end) {
    return RowFactory.create("t1", id, null, id, "Patient/P1", "Organization/" + hospital, null, "finished", "IMP",
        Timestamp.from(OffsetDateTime.parse(start).toInstant()), Timestamp.from(OffsetDateTime.parse(end).toInstant()),
        null, null, null, null, null);
  }
}
