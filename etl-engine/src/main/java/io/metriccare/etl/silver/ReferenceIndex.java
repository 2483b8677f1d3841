package io.metriccare.etl.silver;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Resolves FHIR references of one target type within a tenant. Every way a sender may point at a
 * resource becomes a lookup key: {@code Type/id} (relative, or the tail of an absolute URL or
 * {@code _history} URL), the {@code urn:uuid:} fullUrl of a transaction, and the conditional
 * {@code Type?identifier=system|value} that Synthea uses for organizations and practitioners.
 */
final class ReferenceIndex {

  private static final String TYPE_AND_ID = "([A-Z][A-Za-z]+/[A-Za-z0-9\\-.]{1,64})(/_history/[^/]*)?$";

  private final Dataset<Row> keys;

  private ReferenceIndex(Dataset<Row> keys) {
    this.keys = keys;
  }

  /** @param bronzeRows rows of the target's Bronze table ({@code tenant_id, resource_id, full_url[, identifier]}) */
  static ReferenceIndex of(String resourceType, Dataset<Row> bronzeRows) {
    Dataset<Row> byTypeAndId = bronzeRows.select(
        col("tenant_id"), concat(lit(resourceType + "/"), col("resource_id")).as("ref_key"), col("resource_id"));
    Dataset<Row> byFullUrl = bronzeRows.filter(col("full_url").isNotNull())
        .select(col("tenant_id"), col("full_url").as("ref_key"), col("resource_id"));
    Dataset<Row> keys = byTypeAndId.unionByName(byFullUrl);
    if (Arrays.asList(bronzeRows.columns()).contains("identifier")) {
      keys = keys.unionByName(bronzeRows
          .select(col("tenant_id"), explode(col("identifier")).as("identifier"), col("resource_id"))
          .select(
              col("tenant_id"),
              concat(lit(resourceType + "?identifier="), col("identifier")).as("ref_key"),
              col("resource_id")));
    }
    // An identifier shared by two resources must not fan a fact out; the lowest id wins, stably.
    // Materialised once: Silver resolves against the patient and encounter indexes several times.
    return new ReferenceIndex(keys
        .groupBy(col("tenant_id").as("ref_tenant_id"), col("ref_key"))
        .agg(min(col("resource_id")).as("ref_target_id"))
        .localCheckpoint());
  }

  /** Adds {@code resolvedColumn}: the target's resource id, or null when nothing matches. */
  Dataset<Row> withResolvedReference(Dataset<Row> facts, String referenceColumn, String resolvedColumn) {
    // By name, not by Dataset.col: the materialised index may appear more than once in one plan.
    Column matches = col("tenant_id").equalTo(col("ref_tenant_id"))
        .and(referenceKey(col(referenceColumn)).equalTo(col("ref_key")));
    return facts.join(keys, matches, "left_outer")
        .withColumn(resolvedColumn, col("ref_target_id"))
        .drop("ref_tenant_id", "ref_key", "ref_target_id");
  }

  private static Column referenceKey(Column reference) {
    return when(reference.startsWith("urn:"), reference)
        .when(reference.contains("?"), regexp_replace(reference, "%7[Cc]", "|"))
        .otherwise(coalesce(regexp_extract(reference, TYPE_AND_ID, 1), lit("")));
  }
}
