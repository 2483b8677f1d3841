package io.metriccare.etl.gold.quality;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.metriccare.etl.bronze.BronzeStage;
import io.metriccare.etl.bronze.BronzeTable;
import io.metriccare.etl.bronze.IngestionLog;
import io.metriccare.etl.lake.Lake;
import io.metriccare.etl.lake.LakeTable;
import io.metriccare.etl.silver.SilverTables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

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

  private final Lake lake;
  private final BronzeStage bronze;

  public DataQualityStage(Lake lake, BronzeStage bronze) {
    this.lake = lake;
    this.bronze = bronze;
  }

  public Dataset<Row> compute(SilverTables silver, Collection<String> tenants) {
    List<Dataset<Row>> facts = new ArrayList<>();
    facts.add(keyFacts("silver/dim_hospital", silver.dimHospital()));
    facts.add(keyFacts("silver/dim_patient", silver.dimPatient()));
    facts.add(keyFacts("silver/fct_encounter", silver.fctEncounter(), "patient_id", "hospital_id")
        .unionByName(unresolvedFacts("silver/fct_encounter", silver.fctEncounter(),
            "patient_ref", "patient_id", "hospital_ref", "hospital_id")));
    facts.add(keyFacts("silver/fct_condition", silver.fctCondition(), "patient_id", "encounter_id"));
    facts.add(keyFacts("silver/fct_observation", silver.fctObservation(), "patient_id", "encounter_id"));
    bronzeFacts(tenants).ifPresent(facts::add);
    // Computed once: the commit and the run output both read it.
    Dataset<Row> all = facts.stream().reduce(Dataset::unionByName).orElseThrow().localCheckpoint();
    lake.replaceTenants(GOLD_DATA_QUALITY, all);
    return all;
  }

  /** {@code rows} and one {@code null_<key>} per key column. */
  private static Dataset<Row> keyFacts(String table, Dataset<Row> rows, String... keyColumns) {
    List<Column> aggregates = new ArrayList<>();
    aggregates.add(count(lit(1)).as("rows"));
    for (String key : keyColumns) {
      aggregates.add(sum(when(col(key).isNull(), 1).otherwise(0)).as("null_" + key));
    }
    return longFacts(table, rows.groupBy(col("tenant_id"))
        .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new)), "rows");
  }

  /** @param referenceAndResolved pairs of (reference column, column it resolved into) */
  private static Dataset<Row> unresolvedFacts(String table, Dataset<Row> rows, String... referenceAndResolved) {
    List<Column> aggregates = new ArrayList<>();
    aggregates.add(count(lit(1)).as("rows"));
    for (int i = 0; i < referenceAndResolved.length; i += 2) {
      String reference = referenceAndResolved[i];
      aggregates.add(sum(when(col(reference).isNotNull().and(col(referenceAndResolved[i + 1]).isNull()), 1)
          .otherwise(0)).as("unresolved_" + reference));
    }
    return longFacts(table, rows.groupBy(col("tenant_id"))
        .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new)), "rows")
        .filter(col("metric").notEqual("rows"));
  }

  /** Empty until some run has loaded a file. */
  private Optional<Dataset<Row>> bronzeFacts(Collection<String> tenants) {
    return lake.read(IngestionLog.TABLE, tenants).map(log -> bronzeFacts(tenants, log.groupBy(col("tenant_id")).agg(
        sum(col("entries")).as("entries"),
        sum(col("loaded")).as("loaded"),
        sum(col("rejected")).as("rejected_entries"),
        sum(col("unsupported")).as("unsupported_entries"))));
  }

  private Dataset<Row> bronzeFacts(Collection<String> tenants, Dataset<Row> logged) {
    Dataset<Row> kept = null;
    for (BronzeTable table : BronzeTable.values()) {
      Dataset<Row> rows = bronze.read(table, tenants).groupBy(col("tenant_id").as("kept_tenant_id")).count();
      kept = kept == null ? rows : kept.unionByName(rows);
    }
    Dataset<Row> keptPerTenant = kept.groupBy(col("kept_tenant_id")).agg(sum(col("count")).as("kept"));
    Dataset<Row> perTenant = logged
        .join(keptPerTenant, logged.col("tenant_id").equalTo(keptPerTenant.col("kept_tenant_id")), "left_outer")
        .withColumn("duplicates_removed", col("loaded").minus(coalesce(col("kept"), lit(0L))))
        .drop("kept_tenant_id", "kept", "loaded");
    return longFacts("bronze", perTenant, "entries").filter(col("metric").notEqual("entries"));
  }

  /** Unpivots every column but {@code tenant_id} into (metric, value), with {@code totalColumn} as total. */
  private static Dataset<Row> longFacts(String table, Dataset<Row> wide, String totalColumn) {
    Column[] metrics = Arrays.stream(wide.columns())
        .filter(name -> !name.equals("tenant_id"))
        .map(name -> col(name).cast("long").as(name))
        .toArray(Column[]::new);
    // One projection of the aggregate, not one branch per metric: each branch was a Spark job of its own.
    return wide.withColumn("total", col(totalColumn).cast("long"))
        .unpivot(new Column[] {col("tenant_id"), col("total")}, metrics, "metric", "value")
        .select(col("tenant_id"), lit(table).as("table_name"), col("metric"), col("value"), col("total"));
  }
}
