package io.metriccare.etl.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.metriccare.etl.SparkTestSession;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.hudi.common.model.WriteOperationType;
import org.apache.hudi.common.table.HoodieTableMetaClient;
import org.apache.hudi.common.table.timeline.HoodieTimeline;
import org.apache.hudi.hadoop.fs.HadoopFSUtils;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** {@link Lake#upsertOrInsertNew}: an insert exactly when every key is new, the same rows either way. */
class LakeWritesTests {

  private static final LakeTable TABLE =
      LakeTable.keyedBy("bronze/versioned", "tenant_id", "resource_id").precombinedOn("version");
  private static final StructType ROWS = StructType.fromDDL("tenant_id STRING, resource_id STRING, version BIGINT, value STRING");

  private final SparkSession spark = SparkTestSession.spark();
  private final Path root = SparkTestSession.newTargetDirectory("lake-writes");
  private final Lake lake = new Lake(spark, root.toString(), EngineProfile.LOCAL, "unused");

  @Test
  void upsertOrInsertNew_insertsOnlyWhenEveryKeyIsNew_andTheLatestVersionOfEachKeyWinsEitherWay() throws IOException {
    // Two versions of a in one batch, into a table not yet written.
    write(RowFactory.create("t1", "a", 2L, "a2"), RowFactory.create("t1", "a", 1L, "a1"), RowFactory.create("t1", "b", 1L, "b1"));
    assertThat(lastOperation()).isEqualTo(WriteOperationType.INSERT);
    assertThat(rows()).containsExactly("t1/a=a2", "t1/b=b1");

    // The same resource id in another tenant is another key: still all new.
    write(RowFactory.create("t2", "a", 1L, "t2-a1"));
    assertThat(lastOperation()).isEqualTo(WriteOperationType.INSERT);
    assertThat(rows()).containsExactly("t1/a=a2", "t1/b=b1", "t2/a=t2-a1");

    // One key known: the whole batch is an upsert, so an older version of a loses to the stored one.
    write(RowFactory.create("t1", "a", 1L, "a1-again"), RowFactory.create("t1", "b", 3L, "b3"),
        RowFactory.create("t1", "c", 1L, "c1"));
    assertThat(lastOperation()).isEqualTo(WriteOperationType.UPSERT);
    assertThat(rows()).containsExactly("t1/a=a2", "t1/b=b3", "t1/c=c1", "t2/a=t2-a1");
  }

  private void write(Row... rows) {
    lake.upsertOrInsertNew(TABLE, spark.createDataFrame(List.of(rows), ROWS));
  }

  private List<String> rows() {
    return lake.read(TABLE, List.of("t1", "t2")).orElseThrow()
        .orderBy("tenant_id", "resource_id").collectAsList().stream()
        .map(row -> row.getAs("tenant_id") + "/" + row.getAs("resource_id") + "=" + row.getAs("value"))
        .toList();
  }

  private WriteOperationType lastOperation() throws IOException {
    HoodieTableMetaClient metaClient = HoodieTableMetaClient.builder()
        .setConf(HadoopFSUtils.getStorageConfWithCopy(spark.sparkContext().hadoopConfiguration()))
        .setBasePath(root.resolve(TABLE.path()).toString())
        .build();
    HoodieTimeline commits = metaClient.getCommitsTimeline().filterCompletedInstants();
    return commits.readCommitMetadata(commits.lastInstant().get()).getOperationType();
  }
}
