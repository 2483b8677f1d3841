package io.metriccare.etl;

import io.metriccare.etl.bronze.BronzeStage;
import io.metriccare.etl.bronze.BronzeTable;
import io.metriccare.etl.bronze.IngestionLog;
import io.metriccare.etl.gold.kpi.KpiStage;
import io.metriccare.etl.gold.kpi.KpiValueSets;
import io.metriccare.etl.gold.quality.DataQualityStage;
import io.metriccare.etl.lake.Lake;
import io.metriccare.etl.lake.LakeTable;
import io.metriccare.etl.silver.SilverChanges;
import io.metriccare.etl.silver.SilverStage;
import io.metriccare.etl.silver.SilverTables;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's single entry point: {@code EtlMain --manifest <path-or-uri>}. Deletes the partitions
 * of the tenants the manifest purges, runs Bronze, Silver and Gold for the tenants it recomputes, and
 * exits 0 only when {@code summary.json} has been written.
 */
public final class EtlMain {

  private static final Logger LOG = LoggerFactory.getLogger(EtlMain.class);
  private static final StructType RUN_INGESTION_SCHEMA = StructType.fromDDL("tenant_id STRING, ingestion_id STRING");

  private EtlMain() {}

  public static void main(String[] args) {
    boolean succeeded = succeeds(() -> {
      RunManifest manifest = RunManifest.read(manifestLocation(args), new Configuration());
      try (SparkSession spark = EngineSession.start(manifest.profile(), manifest.sparkMaster())) {
        run(spark, manifest);
      }
    });
    // Hudi and Hadoop leave non-daemon threads behind, even after an Error; the exit code is the
    // launcher's only signal.
    System.exit(succeeded ? 0 : 1);
  }

  /** Work that may throw anything, a run included. */
  interface EngineWork {
    void run() throws Exception;
  }

  /** Does the work; false, with the failure logged and its stack trace on stderr, when it throws anything. */
  static boolean succeeds(EngineWork work) {
    try {
      work.run();
      return true;
    } catch (Throwable e) {
      LOG.error("ETL run failed: {}", e.toString());
      // Straight to stderr: on EMR the logging configuration may route log events elsewhere.
      e.printStackTrace(System.err);
      return false;
    }
  }

  /** Runs one manifest on an existing session, which stays open for the caller. */
  public static RunSummary run(SparkSession spark, RunManifest manifest) throws IOException {
    LOG.info("Run {}: {} inputs, tenants {}, purging {}, profile {}", manifest.runId(), manifest.inputs().size(),
        manifest.recomputedTenants(), manifest.purgeTenants(), manifest.profile().manifestName());
    Lake lake = new Lake(spark, manifest.lakeRoot(), manifest.profile(), manifest.glueDatabase());
    RunOutputs outputs = new RunOutputs(spark, manifest.outputLocation());
    List<RunSummary.Stage> stages = new ArrayList<>();

    Map<String, Map<String, Long>> purged = manifest.purgeTenants().isEmpty()
        ? Map.of()
        : timed(stages, "purge", () -> purge(lake, manifest.purgeTenants()));
    if (!manifest.recomputedTenants().isEmpty()) {
      process(spark, manifest, lake, outputs, stages);
    }

    RunSummary summary = new RunSummary(manifest.runId(), manifest.inputs().size(), stages, committedRowCounts(lake), purged);
    outputs.writeSummary(summary);
    LOG.info("Run {} done: {}", manifest.runId(), stages);
    return summary;
  }

  private static void process(SparkSession spark, RunManifest manifest, Lake lake, RunOutputs outputs,
      List<RunSummary.Stage> stages) {
    BronzeStage bronze = new BronzeStage(spark, lake, manifest.lakeRoot());
    List<BronzeTable> upserted = timed(stages, "bronze", () -> bronze.ingest(manifest.runId(), manifest.inputs()));
    LOG.info("Bronze tables upserted: {}", upserted);
    SilverChanges silver = timed(stages, "silver",
        () -> new SilverStage(lake, bronze, manifest.hospitalTimeZones())
            .refresh(manifest.recomputedTenants(), runIngestions(spark, manifest)));
    timed(stages, "gold", () -> {
      KpiStage.GoldRows gold = new KpiStage(lake, KpiValueSets.platformDefaults(), manifest.valueSets())
          .compute(silver, manifest.recomputedTenants(), manifest.dataThroughDates(), manifest.lineageDeltaTenants());
      LOG.info("Gold derived the members of {} stays", gold.derivedStays());
      Concurrently.run(
          () -> outputs.writeKpis(gold.kpis()),
          () -> outputs.writeHaiByCode(gold.haiByCode()),
          () -> outputs.writeKpiLineage(gold.lineage()),
          () -> outputs.writeHospitals(silver.tables().dimHospital()));
      return gold;
    });
    timed(stages, "quality", () -> {
      Dataset<Row> quality = new DataQualityStage(spark, lake).compute(manifest.recomputedTenants());
      outputs.writeDataQuality(quality);
      return quality;
    });
  }

  /** {@code tenant_id, ingestion_id} of the manifest's inputs. */
  private static Dataset<Row> runIngestions(SparkSession spark, RunManifest manifest) {
    return spark.createDataFrame(manifest.inputs().stream()
        .map(input -> RowFactory.create(input.tenantId(), input.ingestionId()))
        .toList(), RUN_INGESTION_SCHEMA);
  }

  /** Deletes the tenants' partitions from every lake table; per table, the rows each tenant had. */
  private static Map<String, Map<String, Long>> purge(Lake lake, List<String> tenants) {
    Map<String, Map<String, Long>> purged = new LinkedHashMap<>();
    for (LakeTable table : lakeTables()) {
      Map<String, Long> rows = new LinkedHashMap<>();
      for (String tenant : tenants) {
        rows.put(tenant, lake.deleteTenantPartition(table, tenant));
      }
      purged.put(table.path(), rows);
      LOG.info("Purged {}: {}", table.path(), rows);
    }
    return purged;
  }

  private static Map<String, Map<String, Long>> committedRowCounts(Lake lake) {
    Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
    for (LakeTable table : lakeTables()) {
      counts.put(table.path(), lake.rowCountsByTenant(table));
    }
    return counts;
  }

  /** Every table of the lake, in lake order: Bronze, Silver, Gold. */
  private static List<LakeTable> lakeTables() {
    List<LakeTable> tables = new ArrayList<>();
    for (BronzeTable table : BronzeTable.values()) {
      tables.add(table.table());
    }
    tables.add(IngestionLog.TABLE);
    tables.addAll(SilverTables.ALL);
    tables.add(KpiStage.GOLD_KPI);
    tables.add(KpiStage.GOLD_HAI_BY_CODE);
    tables.add(KpiStage.GOLD_KPI_LINEAGE);
    tables.add(KpiStage.GOLD_HAI_EVENT);
    tables.add(KpiStage.GOLD_TENANT_STATE);
    tables.add(DataQualityStage.GOLD_DATA_QUALITY);
    return tables;
  }

  private static <T> T timed(List<RunSummary.Stage> stages, String name, Supplier<T> stage) {
    long start = System.nanoTime();
    T result = stage.get();
    long millis = (System.nanoTime() - start) / 1_000_000;
    stages.add(new RunSummary.Stage(name, millis));
    LOG.info("Stage {} took {} ms", name, millis);
    return result;
  }

  private static String manifestLocation(String[] args) {
    if (args.length == 2 && args[0].equals("--manifest")) {
      return args[1];
    }
    throw new IllegalArgumentException("Cannot start ETL run: expected arguments --manifest <path-or-uri> ("
        + String.join(" ", args) + ")");
  }
}
