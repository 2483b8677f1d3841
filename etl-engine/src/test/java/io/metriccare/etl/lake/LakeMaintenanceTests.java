package io.metriccare.etl.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.metriccare.etl.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hudi.common.table.HoodieTableMetaClient;
import org.apache.hudi.common.table.timeline.HoodieInstant;
import org.apache.hudi.common.table.timeline.HoodieTimeline;
import org.apache.hudi.hadoop.fs.HadoopFSUtils;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * A local lake table that lives through many runs stays small: each run's new file is clustered with
 * the others on a cadence, replaced files are cleaned from storage, and the timeline is archived.
 */
class LakeMaintenanceTests {

  private static final LakeTable TABLE =
      LakeTable.keyedBy("bronze/maintained", "tenant_id", "resource_id").precombinedOn("version");
  private static final StructType ROWS = StructType.fromDDL("tenant_id STRING, resource_id STRING, version BIGINT");
  private static final int CLUSTERING_EVERY = Integer.parseInt(EngineProfile.CLUSTERING_EVERY_COMMITS);
  /** Hudi's default: archiving keeps at most this many completed instants in the active timeline. */
  private static final int MAX_ACTIVE_INSTANTS = 30;

  private final SparkSession spark = SparkTestSession.spark();
  private final Path root = SparkTestSession.newTargetDirectory("lake-maintenance");
  private final Lake lake = new Lake(spark, root.toString(), EngineProfile.LOCAL, "unused");

  @Test
  void manyRunsOfNewRows_leaveFewFiles_aCleanedStorage_andAnArchivedTimeline() throws IOException {
    int commits = MAX_ACTIVE_INSTANTS + 2;
    List<String> expected = new ArrayList<>();
    for (int commit = 1; commit <= commits; commit++) {
      String key = "r" + commit;
      // Each commit brings a new key, as an increment of new resources does: a new file group each time.
      lake.insertNew(TABLE, rows(RowFactory.create("t1", key, 1L)));
      expected.add("t1/" + key + "@1");
    }

    assertThat(rows()).containsExactlyInAnyOrderElementsOf(expected);
    HoodieTableMetaClient metaClient = metaClient();
    HoodieTimeline completed = metaClient.getActiveTimeline().filterCompletedInstants();
    assertThat(completed.getInstantsAsStream().map(HoodieInstant::getAction))
        .as("clusterings and cleans among the completed instants")
        .contains(HoodieTimeline.REPLACE_COMMIT_ACTION, HoodieTimeline.CLEAN_ACTION);
    // Without clustering the snapshot would hold one file per commit.
    assertThat(snapshotFiles()).isLessThanOrEqualTo(CLUSTERING_EVERY);
    // Without cleaning, every file ever written would stay on storage.
    assertThat(parquetFilesOnStorage()).isLessThan(commits);
    // Without archiving, every commit would stay in the active timeline.
    assertThat(completed.countInstants()).isLessThanOrEqualTo(MAX_ACTIVE_INSTANTS);
    assertThat(metaClient.getArchivedTimeline().countInstants()).isPositive();

    // The clustered file still tells an upsert which keys it holds: r1 is replaced, not stored twice.
    lake.upsertOrInsertNew(TABLE, rows(RowFactory.create("t1", "r1", 2L)));
    expected.set(0, "t1/r1@2");
    assertThat(rows()).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void aPendingClustering_leftByAKilledRun_doesNotBlockAnUpsertOfItsKeys() {
    for (int commit = 1; commit <= 3; commit++) {
      lake.upsertOrInsertNew(TABLE, rows(RowFactory.create("t1", "r" + commit, 1L)));
    }
    // What a run killed between planning and executing a clustering leaves: a plan over every file.
    spark.sql("CALL run_clustering(path => '" + root.resolve(TABLE.path()) + "', op => 'schedule')").collectAsList();
    assertThat(metaClient().getActiveTimeline().filterPendingReplaceOrClusteringTimeline().countInstants()).isOne();

    lake.upsertOrInsertNew(TABLE, rows(RowFactory.create("t1", "r2", 2L), RowFactory.create("t1", "r4", 1L)));

    assertThat(rows()).containsExactlyInAnyOrder("t1/r1@1", "t1/r2@2", "t1/r3@1", "t1/r4@1");
    // Rolled back, not left to run later over the file r2@1 was in, which would bring r2@1 back.
    assertThat(metaClient().getActiveTimeline().filterPendingReplaceOrClusteringTimeline().countInstants()).isZero();
  }

  private Dataset<Row> rows(Row... rows) {
    return spark.createDataFrame(List.of(rows), ROWS);
  }

  private List<String> rows() {
    return lake.read(TABLE, List.of("t1")).orElseThrow().collectAsList().stream()
        .map(row -> row.getAs("tenant_id") + "/" + row.getAs("resource_id") + "@" + row.getAs("version"))
        .toList();
  }

  private long snapshotFiles() {
    return spark.read().format("hudi").load(root.resolve(TABLE.path()).toString())
        .select("_hoodie_file_name").distinct().count();
  }

  private long parquetFilesOnStorage() throws IOException {
    try (Stream<Path> files = Files.list(root.resolve(TABLE.path()).resolve("tenant_id=t1"))) {
      return files.filter(file -> file.getFileName().toString().endsWith(".parquet")).count();
    }
  }

  private HoodieTableMetaClient metaClient() {
    return HoodieTableMetaClient.builder()
        .setConf(HadoopFSUtils.getStorageConfWithCopy(spark.sparkContext().hadoopConfiguration()))
        .setBasePath(root.resolve(TABLE.path()).toString())
        .build();
  }
}
