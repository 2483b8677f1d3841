package io.metriccare.etl.gold.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import io.metriccare.etl.bronze.BronzeTable;
import io.metriccare.etl.bronze.IngestionLog;
import io.metriccare.etl.lake.Lake;
import io.metriccare.etl.lake.LakeTable;
import io.metriccare.etl.silver.SilverTables;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * {@code gold/data_quality}: per tenant, table and metric, a count ({@code value}) out of a base
 * ({@code total}), so a rate is {@code value / total}. Metrics:
 * <ul>
 *   <li>{@code rows} — rows of each Silver table (total = rows);
 *   <li>{@code null_<key>} — Silver rows whose key to another table is null (total = rows);
 *   <li>{@code unresolved_<reference>} — encounters that name a patient or hospital no Bronze row
 *       matches (total = rows);
 *   <li>on {@code bronze}: {@code rejected_entries} (entries without an id or {@code urn:uuid:}
 *       fullUrl), {@code unsupported_entries} (types without a Bronze table) and
 *       {@code duplicates_removed} (entries superseded by a later version of the same resource),
 *       each out of all entries of the tenant's logged files.
 * </ul>
 */
public final class DataQualityStage {

  public static final LakeTable GOLD_DATA_QUALITY =
      LakeTable.keyedBy("gold/data_quality", "tenant_id", "table_name", "metric");

  private static final StructType FACT_SCHEMA =
      StructType.fromDDL("tenant_id STRING, table_name STRING, metric STRING, value BIGINT, total BIGINT");

  private final SparkSession spark;
  private final Lake lake;

  public DataQualityStage(SparkSession spark, Lake lake) {
    this.spark = spark;
    this.lake = lake;
  }

  /** Counts the tenants' committed tables and replaces their facts. */
  public Dataset<Row> compute(Collection<String> tenants) {
    List<Row> facts = new ArrayList<>();
    facts.addAll(keyFacts(SilverTables.DIM_HOSPITAL, tenants, List.of()));
    facts.addAll(keyFacts(SilverTables.DIM_PATIENT, tenants, List.of()));
    facts.addAll(keyFacts(SilverTables.FCT_ENCOUNTER, tenants, List.of("patient_id", "hospital_id"),
        new Resolution("patient_ref", "patient_id"), new Resolution("hospital_ref", "hospital_id")));
    facts.addAll(keyFacts(SilverTables.FCT_CONDITION, tenants, List.of("patient_id", "encounter_id")));
    facts.addAll(keyFacts(SilverTables.FCT_OBSERVATION, tenants, List.of("patient_id", "encounter_id")));
    facts.addAll(bronzeFacts(tenants));
    Dataset<Row> all = spark.createDataFrame(facts, FACT_SCHEMA);
    lake.replaceTenants(GOLD_DATA_QUALITY, all);
    return all;
  }

  /** A reference column and the column it resolved into, null when nothing matched. */
  private record Resolution(String reference, String resolved) {}

  /**
   * {@code rows}, one {@code null_<key>} per key column and one {@code unresolved_<reference>} per
   * resolution, counted from the table's file footers. A missing reference resolves to nothing, so the
   * rows whose reference is set but unresolved are the null resolved ids less the null references.
   */
  private List<Row> keyFacts(LakeTable table, Collection<String> tenants, List<String> keyColumns,
      Resolution... resolutions) {
    Set<String> counted = new LinkedHashSet<>(keyColumns);
    for (Resolution resolution : resolutions) {
      counted.add(resolution.reference());
      counted.add(resolution.resolved());
    }
    List<Row> facts = new ArrayList<>();
    lake.countsByTenant(table, List.copyOf(counted)).forEach((tenant, counts) -> {
      if (!tenants.contains(tenant)) {
        return;
      }
      facts.add(fact(tenant, table.path(), "rows", counts.rows(), counts.rows()));
      for (String key : keyColumns) {
        facts.add(fact(tenant, table.path(), "null_" + key, counts.nullsOf(key), counts.rows()));
      }
      for (Resolution resolution : resolutions) {
        facts.add(fact(tenant, table.path(), "unresolved_" + resolution.reference(),
            counts.nullsOf(resolution.resolved()) - counts.nullsOf(resolution.reference()), counts.rows()));
      }
    });
    return facts;
  }

  /** Out of the entries of the tenant's logged files; none until some run has loaded a file. */
  private List<Row> bronzeFacts(Collection<String> tenants) {
    Map<String, Long> kept = new TreeMap<>();
    for (BronzeTable table : BronzeTable.values()) {
      lake.rowCountsByTenant(table.table()).forEach((tenant, rows) -> kept.merge(tenant, rows, Long::sum));
    }
    List<Row> facts = new ArrayList<>();
    lake.read(IngestionLog.TABLE, tenants).ifPresent(log -> log.groupBy(col("tenant_id"))
        .agg(sum(col("entries")), sum(col("loaded")), sum(col("rejected")), sum(col("unsupported")))
        .collectAsList()
        .forEach(logged -> {
          String tenant = logged.getString(0);
          long entries = logged.getLong(1);
          facts.add(fact(tenant, "bronze", "rejected_entries", logged.getLong(3), entries));
          facts.add(fact(tenant, "bronze", "unsupported_entries", logged.getLong(4), entries));
          facts.add(fact(tenant, "bronze", "duplicates_removed",
              logged.getLong(2) - kept.getOrDefault(tenant, 0L), entries));
        }));
    return facts;
  }

  private static Row fact(String tenant, String table, String metric, long value, long total) {
    return RowFactory.create(tenant, table, metric, value, total);
  }
}
