package io.metriccare.etl;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metriccare.etl.gold.kpi.KpiStage;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * What the api-service reads back after a run, with plain Jackson: JSON-lines {@code kpi/},
 * {@code hai_by_code/}, {@code kpi_lineage/} with {@code kpi_lineage_replaced/}, {@code hospitals/} and
 * {@code data_quality/}, then {@code summary.json}, whose presence marks the run as successful.
 */
final class RunOutputs {

  private final SparkSession spark;
  private final String location;

  RunOutputs(SparkSession spark, String location) {
    this.spark = spark;
    this.location = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
  }

  void writeKpis(Dataset<Row> kpis) {
    writeJsonLines("kpi", kpis.select(
        col("tenant_id"), col("hospital_id"), col("period_grain"), col("period_start"),
        col("measure"), col("numerator"), col("denominator"), col("pending")));
  }

  void writeHaiByCode(Dataset<Row> haiByCode) {
    writeJsonLines("hai_by_code", haiByCode.select(
        col("tenant_id"), col("hospital_id"), col("period_grain"), col("period_start"),
        col("code_system"), col("code"), col("events")));
  }

  void writeKpiLineage(KpiStage.LineageUpdate lineage) {
    // A row per stay and measure when a tenant's whole lineage goes out: written in parallel.
    writeJsonLines("kpi_lineage", lineage.rows().select(
        col("tenant_id"), col("hospital_id"), col("period_start"), col("measure"), col("encounter_id"),
        col("ingestion_id"), col("numerator"), col("denominator"), col("pending")), false);
    writeJsonLines("kpi_lineage_replaced", lineage.replaced().select(col("tenant_id"), col("encounter_id")));
  }

  void writeHospitals(Dataset<Row> dimHospital) {
    writeJsonLines("hospitals", dimHospital.select(
        col("tenant_id"), col("hospital_id"), col("name"), col("ccn"), col("state")));
  }

  void writeDataQuality(Dataset<Row> dataQuality) {
    writeJsonLines("data_quality", dataQuality.select(
        col("tenant_id"), col("table_name"), col("metric"), col("value"), col("total")));
  }

  void writeSummary(RunSummary summary) throws IOException {
    Path path = new Path(location + "/summary.json");
    FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
    try (OutputStream out = fs.create(path, true)) {
      new ObjectMapper().writeValue(out, summary);
    }
  }

  private void writeJsonLines(String name, Dataset<Row> rows) {
    writeJsonLines(name, rows, true);
  }

  private void writeJsonLines(String name, Dataset<Row> rows, boolean oneFile) {
    (oneFile ? rows.coalesce(1) : rows).write()
        .mode(SaveMode.Overwrite)
        // The API reads nullable fields (ccn, state) as explicit nulls rather than absent keys.
        .option("ignoreNullFields", "false")
        .json(location + "/" + name);
  }
}
