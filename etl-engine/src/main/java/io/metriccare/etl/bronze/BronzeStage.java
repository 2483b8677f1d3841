package io.metriccare.etl.bronze;

import static org.apache.spark.sql.functions.col;

import io.metriccare.etl.Concurrently;
import io.metriccare.etl.RunManifest.Input;
import io.metriccare.etl.lake.Lake;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/** Loads raw bundles into the Bronze tables and serves those tables to Silver. */
public final class BronzeStage {

  private final SparkSession spark;
  private final Lake lake;
  private final String lakeRoot;

  public BronzeStage(SparkSession spark, Lake lake, String lakeRoot) {
    this.spark = spark;
    this.lake = lake;
    this.lakeRoot = lakeRoot;
  }

  /**
   * Writes every resource of the inputs, the latest version of each key winning (see
   * {@link Lake#upsertOrInsertNew}), and logs each input file in {@link IngestionLog}; returns the
   * resource tables that received rows.
   */
  public List<BronzeTable> ingest(String runId, List<Input> inputs) {
    if (inputs.isEmpty()) {
      return List.of();
    }
    // Every table scans the same entries, so parse the bundles once.
    Dataset<Row> entries = BundleEntries.read(spark, lakeRoot, inputs).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Set<String> presentTypes = entries.select(col("resource_type")).distinct().collectAsList().stream()
          .map(row -> row.getString(0))
          .collect(Collectors.toSet());
      List<BronzeTable> written = Arrays.stream(BronzeTable.values())
          .filter(table -> presentTypes.contains(table.resourceType()))
          .toList();
      List<Runnable> writes = new ArrayList<>();
      written.forEach(table -> writes.add(() -> lake.upsertOrInsertNew(table.table(), table.flatten(entries))));
      long loggedAt = System.currentTimeMillis();
      // A row per file, computed once: deciding between insert and upsert reads it too.
      writes.add(() -> lake.upsertOrInsertNew(IngestionLog.TABLE,
          IngestionLog.of(runId, loggedAt, entries).localCheckpoint()));
      Concurrently.run(writes.toArray(Runnable[]::new));
      return written;
    } finally {
      entries.unpersist();
    }
  }

  /** The table's rows for the tenants; an empty frame of the same shape when never written. */
  public Dataset<Row> read(BronzeTable table, Collection<String> tenants) {
    return lake.read(table.table(), tenants).orElseGet(() -> table.flatten(BundleEntries.empty(spark)));
  }
}
