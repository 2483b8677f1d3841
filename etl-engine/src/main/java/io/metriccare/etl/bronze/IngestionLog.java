package io.metriccare.etl.bronze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_entries;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import io.metriccare.etl.lake.LakeTable;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code bronze/ingestion_log}: one row per raw file a run loaded, naming the run and what the file
 * held — entries per resource type, how many Bronze kept, how many it could not key (no id and no
 * {@code urn:uuid:} fullUrl) and how many are of types Bronze has no table for. A file loaded again
 * (a retried run) keeps the latest run's row.
 */
public final class IngestionLog {

  public static final LakeTable TABLE =
      LakeTable.keyedBy("bronze/ingestion_log", "tenant_id", "ingestion_id").precombinedOn("logged_at_ms");

  private IngestionLog() {}

  static Dataset<Row> of(String runId, long loggedAtMillis, Dataset<Row> entries) {
    Column isSupported = col("resource_type").isin(Arrays.stream(BronzeTable.values())
        .map(BronzeTable::resourceType).toArray());
    Column hasKey = get_json_object(col("resource_json"), "$.id").isNotNull().or(BronzeTable.uuidOfFullUrl().isNotNull());
    Dataset<Row> perType = entries
        .groupBy(col("tenant_id"), col("ingestion_id"), col("source_object"), col("received_at"), col("resource_type"))
        .agg(
            count(lit(1)).as("entries"),
            sum(when(isSupported.and(hasKey), 1).otherwise(0)).as("loaded"),
            sum(when(isSupported.and(not(hasKey)), 1).otherwise(0)).as("rejected"),
            sum(when(not(isSupported), 1).otherwise(0)).as("unsupported"));
    return perType
        .groupBy(col("tenant_id"), col("ingestion_id"))
        .agg(
            first(col("source_object")).as("source_object"),
            first(col("received_at")).as("received_at"),
            sum(col("entries")).as("entries"),
            sum(col("loaded")).as("loaded"),
            sum(col("rejected")).as("rejected"),
            sum(col("unsupported")).as("unsupported"),
            to_json(map_from_entries(collect_list(struct(col("resource_type"), col("entries")))))
                .as("entries_by_type"))
        .withColumn("run_id", lit(runId))
        .withColumn("logged_at_ms", lit(loggedAtMillis));
  }
}
