package io.metriccare.etl.lake;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where the engine runs. The local profile trades Hudi's table services for speed on small
 * laptop-sized tables (measured ~4x faster, see DESIGN "Measured engine facts"); the aws profile
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
      Map.of(
          "hoodie.metadata.enable", "false",
          "hoodie.embed.timeline.server", "false",
          "hoodie.insert.shuffle.parallelism", "4",
          "hoodie.upsert.shuffle.parallelism", "4",
          // An upsert finds the files that may hold its keys through the bloom filter in each file's
          // footer instead of reading every key of the partition: an increment of mostly new records
          // reads almost nothing.
          "hoodie.index.type", "BLOOM",
          // New records go to new file groups instead of topping up (and so rewriting) existing
          // files: an incremental run then writes its own rows, not the tables it adds to.
          "hoodie.parquet.small.file.limit", "0",
          // A long-lived lake still needs cleaning and archiving, on a cadence rather than per commit.
          "hoodie.clean.automatic", "false",
          "hoodie.archive.automatic", "false"),
      false),
  AWS(Optional.empty(), Map.of(), Map.of(), true);

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
