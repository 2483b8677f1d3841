package io.metriccare.etl.lake;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where the engine runs. The local profile trades Hudi's metadata table and per-commit table services
 * for speed on small laptop-sized tables (measured ~4x faster, see DESIGN "Measured engine facts") and
 * clusters and cleans its tables on a cadence of commits instead; the aws profile
 * keeps Hudi's defaults because on S3 the metadata table, cleaning and archiving pay for themselves,
 * and syncs every table to the AWS Glue Data Catalog so that Athena can query the lake.
 */
public enum EngineProfile {
  LOCAL(
      Optional.of("local[*]"),
      Map.of(
          "spark.sql.shuffle.partitions", "4",
          // A warm engine JVM (EngineWorker) plans the same queries run after run. Spark keeps 100 of the
          // classes it generates for them, and a run generates about 500, so each run compiled them
          // all again (measured at 100k patients: 488 compilations per +1% run; 1 with this room).
          "spark.sql.codegen.cache.maxEntries", "2000"),
      Map.ofEntries(
          Map.entry("hoodie.metadata.enable", "false"),
          Map.entry("hoodie.embed.timeline.server", "false"),
          Map.entry("hoodie.insert.shuffle.parallelism", "4"),
          Map.entry("hoodie.upsert.shuffle.parallelism", "4"),
          // An upsert finds the files that may hold its keys through the bloom filter in each file's
          // footer instead of reading every key of the partition: an increment of mostly new records
          // reads almost nothing.
          Map.entry("hoodie.index.type", "BLOOM"),
          // New records go to new file groups instead of topping up (and so rewriting) existing
          // files: an incremental run then writes its own rows, not the tables it adds to.
          Map.entry("hoodie.parquet.small.file.limit", "0"),
          // Those small files are merged on a cadence instead: every 20th commit of a table clusters
          // its files under 300 MB (Hudi's default limit) into one, so a table that every run writes
          // to keeps at most about 20 small files per tenant. At 100k patients that rewrites the
          // tables whole, about 28 s more in one run of 20 (docs/benchmarks.md).
          Map.entry("hoodie.clustering.inline", "true"),
          Map.entry("hoodie.clustering.inline.max.commits", EngineProfile.CLUSTERING_EVERY_COMMITS),
          // One file has nothing to merge with: the tables a run writes whole keep one file per tenant.
          Map.entry("hoodie.clustering.plan.strategy.single.group.clustering.enabled", "false"),
          // A run killed while clustering leaves its plan pending. By default a later upsert of a key in
          // one of the plan's files fails, and would until the plan ran; this strategy with the rollback
          // lets Hudi roll the plan back and go on (an upsert into a file being clustered away would be lost).
          Map.entry("hoodie.clustering.updates.strategy",
              "org.apache.hudi.client.clustering.update.strategy.SparkAllowUpdateStrategy"),
          Map.entry("hoodie.clustering.rollback.pending.replacecommit.on.conflict", "true"),
          // Cleaning (files no reader of the last 10 commits needs) is checked every 10 commits rather
          // than after each; archiving keeps Hudi's defaults (20 to 30 active commits).
          Map.entry("hoodie.clean.trigger.max.commits", EngineProfile.CLEANING_EVERY_COMMITS)),
      false),
  AWS(Optional.empty(), Map.of(), Map.of(), true);

  /** How many commits of a local lake table pass between two clusterings. */
  static final String CLUSTERING_EVERY_COMMITS = "20";
  /** How many commits of a local lake table pass between two checks for files to clean. */
  static final String CLEANING_EVERY_COMMITS = "10";

  private final Optional<String> defaultMaster;
  private final Map<String, String> sparkTuning;
  private final Map<String, String> hudiTuning;
  private final boolean syncsGlueCatalog;

  EngineProfile(Optional<String> defaultMaster, Map<String, String> sparkTuning, Map<String, String> hudiTuning,
      boolean syncsGlueCatalog) {
    this.defaultMaster = defaultMaster;
    this.sparkTuning = sparkTuning;
    this.hudiTuning = hudiTuning;
    this.syncsGlueCatalog = syncsGlueCatalog;
  }

  public static EngineProfile fromName(String name) {
    for (EngineProfile profile : values()) {
      if (profile.name().equalsIgnoreCase(name)) {
        return profile;
      }
    }
    throw new IllegalArgumentException("Cannot select engine profile: unknown profile (" + name + ")");
  }

  public String manifestName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The Spark master when the manifest names none; on EMR Serverless the platform sets it. */
  public Optional<String> defaultMaster() {
    return defaultMaster;
  }

  public Map<String, String> sparkTuning() {
    return sparkTuning;
  }

  Map<String, String> hudiTuning() {
    return hudiTuning;
  }

  boolean syncsGlueCatalog() {
    return syncsGlueCatalog;
  }
}
