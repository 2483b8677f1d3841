package io.metriccare.etl.silver;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.when;

import io.metriccare.etl.Concurrently;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.collection.JavaConverters;

/**
 * Resolves FHIR references of one target type within a tenant. Every way a sender may point at a
 * resource becomes a lookup key: {@code Type/id} (relative, or the tail of an absolute URL or
 * {@code _history} URL), the {@code urn:uuid:} fullUrl of a transaction, and the conditional
 * {@code Type?identifier=system|value} that Synthea uses for organizations and practitioners.
 */
final class ReferenceIndex {

  private static final String TYPE_AND_ID = "([A-Z][A-Za-z]+/[A-Za-z0-9\\-.]{1,64})(/_history/[^/]*)?$";

  private final String resourceType;
  /** Rows of the target's Bronze table ({@code tenant_id, resource_id, full_url[, identifier]}). */
  private final Dataset<Row> bronzeRows;
  /** {@code ref_tenant_id, ref_key, ref_target_id}, one target per key; null when each use looks up only what it needs. */
  private final Dataset<Row> index;

  private ReferenceIndex(String resourceType, Dataset<Row> bronzeRows, Dataset<Row> index) {
    this.resourceType = resourceType;
    this.bronzeRows = bronzeRows;
    this.index = index;
  }

  /**
   * The whole index, computed lazily on each use.
   *
   * @param bronzeRows rows of the target's Bronze table ({@code tenant_id, resource_id, full_url[, identifier]})
   */
  static ReferenceIndex of(String resourceType, Dataset<Row> bronzeRows) {
    return new ReferenceIndex(resourceType, bronzeRows, oneTargetPerKey(lookupKeys(resourceType, bronzeRows, true, true)));
  }

  /** The whole index, materialised once: for derivations over much of the tenant, which resolve most keys. */
  ReferenceIndex materialised() {
    return new ReferenceIndex(resourceType, bronzeRows, index.localCheckpoint());
  }

  /**
   * An index that each use restricts to the keys its rows' references can match, broadcast to the scan
   * of the target's Bronze keys: for derivations of a few rows, which would otherwise shuffle every key
   * of the tenant for each reference they resolve.
   */
  ReferenceIndex lookingUpOnlyWhatIsUsed() {
    return new ReferenceIndex(resourceType, bronzeRows, null);
  }

  /**
   * A reference column of some facts, resolved against an index into {@code resolvedColumn}: the
   * target's resource id, or null when nothing matches.
   */
  record Resolution(ReferenceIndex index, String referenceColumn, String resolvedColumn) {}

  /** Adds each resolution's column to the facts. */
  static Dataset<Row> withResolvedReferences(Dataset<Row> facts, Resolution... resolutions) {
    // Materialised when looking up per use: the keys come from the facts, then the facts are joined, and
    // each read of a lazy plan would scan the Bronze table they were selected from again.
    Dataset<Row> rows = Arrays.stream(resolutions).anyMatch(resolution -> resolution.index().index == null)
        ? facts.localCheckpoint()
        : facts;
    // Each reference's targets are looked up at once: they only read the facts, and their scans of the
    // targets' Bronze tables overlap.
    List<Dataset<Row>> targets = Concurrently.get(Arrays.stream(resolutions)
        .<Supplier<Dataset<Row>>>map(resolution -> () -> resolution.index().targets(rows, resolution.referenceColumn()))
        .toList());
    Dataset<Row> resolved = rows;
    for (int i = 0; i < resolutions.length; i++) {
      // By name, not by Dataset.col: the materialised index may appear more than once in one plan.
      Column matches = col("tenant_id").equalTo(col("ref_tenant_id"))
          .and(referenceKey(col(resolutions[i].referenceColumn())).equalTo(col("ref_key")));
      resolved = resolved.join(targets.get(i), matches, "left_outer")
          .withColumn(resolutions[i].resolvedColumn(), col("ref_target_id"))
          .drop("ref_tenant_id", "ref_key", "ref_target_id");
    }
    return resolved;
  }

  /**
   * {@code ref_tenant_id, ref_key, ref_target_id}: the whole index, or, looking up per use, the targets
   * of the keys the rows' references can match, materialised and broadcast (there are at most as many
   * as there are rows, and few rows are why the lookup is per use).
   */
  private Dataset<Row> targets(Dataset<Row> rows, String referenceColumn) {
    return index != null ? index : broadcast(usedKeys(rows, referenceColumn).localCheckpoint());
  }

  private Dataset<Row> usedKeys(Dataset<Row> facts, String referenceColumn) {
    Dataset<Row> used = facts
        .select(col("tenant_id").as("ref_tenant_id"), referenceKey(col(referenceColumn)).as("ref_key"))
        .distinct()
        .localCheckpoint();
    // Only Type/id keys can match a Type/id lookup key and only conditional ones an identifier key: the
    // scan then skips the Bronze columns no used key needs, the exploded identifiers above all.
    Row kinds = used.agg(
            max(col("ref_key").startsWith("urn:").or(col("ref_key").contains("?")).equalTo(false)),
            max(col("ref_key").contains("?")))
        .first();
    boolean byTypeAndId = !kinds.isNullAt(0) && kinds.getBoolean(0);
    boolean byIdentifier = !kinds.isNullAt(1) && kinds.getBoolean(1);
    return oneTargetPerKey(lookupKeys(resourceType, bronzeRows, byTypeAndId, byIdentifier).join(broadcast(used),
        JavaConverters.asScalaBuffer(List.of("ref_tenant_id", "ref_key")).toSeq(), "left_semi"));
  }

  /** {@code ref_tenant_id, ref_key, resource_id}: the lookup keys of every target, fullUrls always. */
  private static Dataset<Row> lookupKeys(String resourceType, Dataset<Row> bronzeRows, boolean byTypeAndId,
      boolean byIdentifier) {
    Dataset<Row> keys = bronzeRows.filter(col("full_url").isNotNull())
        .select(col("tenant_id"), col("full_url").as("ref_key"), col("resource_id"));
    if (byTypeAndId) {
      keys = keys.unionByName(bronzeRows.select(
          col("tenant_id"), concat(lit(resourceType + "/"), col("resource_id")).as("ref_key"), col("resource_id")));
    }
    if (byIdentifier && Arrays.asList(bronzeRows.columns()).contains("identifier")) {
      keys = keys.unionByName(bronzeRows
          .select(col("tenant_id"), explode(col("identifier")).as("identifier"), col("resource_id"))
          .select(
              col("tenant_id"),
              concat(lit(resourceType + "?identifier="), col("identifier")).as("ref_key"),
              col("resource_id")));
    }
    return keys.withColumnRenamed("tenant_id", "ref_tenant_id");
  }

  /** An identifier shared by two resources must not fan a fact out; the lowest id wins, stably. */
  private static Dataset<Row> oneTargetPerKey(Dataset<Row> lookupKeys) {
    return lookupKeys.groupBy(col("ref_tenant_id"), col("ref_key")).agg(min(col("resource_id")).as("ref_target_id"));
  }

  private static Column referenceKey(Column reference) {
    return when(reference.startsWith("urn:"), reference)
        .when(reference.contains("?"), regexp_replace(reference, "%7[Cc]", "|"))
        .otherwise(coalesce(regexp_extract(reference, TYPE_AND_ID, 1), lit("")));
  }
}
