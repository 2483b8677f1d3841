package io.metriccare.etl.lake;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import io.metriccare.etl.SparkTestSession;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The lake's reads of a snapshot ({@link Lake#read}, the files' footer counts) equal Hudi's own
 * snapshot query, after every kind of commit the engine makes: an insert, an upsert that replaces and
 * deletes records, a new column, a tenant replaced whole and a tenant partition deleted.
 */
class SnapshotCountsTests {

  private static final LakeTable TABLE = LakeTable.keyedBy("silver/counted", "tenant_id", "id").deletingRecords();
  private static final StructType ROWS = StructType.fromDDL("tenant_id STRING, id STRING, ref STRING");
  private static final StructType ROWS_WITH_NOTE = StructType.fromDDL("tenant_id STRING, id STRING, ref STRING, note STRING");

  private final SparkSession spark = SparkTestSession.spark();
  private final Path root = SparkTestSession.newTargetDirectory("snapshot-counts");
  private final Lake lake = new Lake(spark, root.toString(), EngineProfile.LOCAL, "unused");

  @Test
  void countsOfATableNeverWritten_areEmpty() {
    assertThat(lake.countsByTenant(TABLE, List.of("ref"))).isEmpty();
  }

  @Test
  void readsAndFooterCounts_equalHudisSnapshotQuery_afterEveryKindOfCommit() {
    lake.insertNew(TABLE, spark.createDataFrame(List.of(
        RowFactory.create("t1", "a", "x"), RowFactory.create("t1", "b", null), RowFactory.create("t1", "c", null),
        RowFactory.create("t2", "d", "y")), ROWS));
    assertCountsMatchTheSnapshot(Map.of("t1", "3 rows, 2 null ref", "t2", "1 rows, 0 null ref"));

    // b gets a reference, c goes, e is new: the files holding b and c are rewritten.
    lake.upsertAndDelete(TABLE,
        spark.createDataFrame(List.of(RowFactory.create("t1", "b", "z"), RowFactory.create("t1", "e", null)), ROWS),
        spark.createDataFrame(List.of(RowFactory.create("t1", "c", null)), ROWS));
    assertCountsMatchTheSnapshot(Map.of("t1", "3 rows, 1 null ref", "t2", "1 rows, 0 null ref"));

    // Only t2's new row has the column; t1's files predate it, so each of their rows reads as null.
    lake.upsert(TABLE, spark.createDataFrame(List.of(RowFactory.create("t2", "f", null, "new")), ROWS_WITH_NOTE));
    assertCountsMatchTheSnapshot(Map.of("t1", "3 rows, 1 null ref, 3 null note", "t2", "2 rows, 1 null ref, 1 null note"));

    lake.replaceTenants(TABLE, spark.createDataFrame(List.of(RowFactory.create("t1", "g", null, null)), ROWS_WITH_NOTE));
    assertCountsMatchTheSnapshot(Map.of("t1", "1 rows, 1 null ref, 1 null note", "t2", "2 rows, 1 null ref, 1 null note"));

    assertThat(lake.deleteTenantPartition(TABLE, "t2")).isEqualTo(2);
    assertCountsMatchTheSnapshot(Map.of("t1", "1 rows, 1 null ref, 1 null note"));
  }

  /** @param expected per tenant, its counts as {@link #describe} words them */
  private void assertCountsMatchTheSnapshot(Map<String, String> expected) {
    Dataset<Row> hudiSnapshot = spark.read().format("hudi").load(root.resolve(TABLE.path()).toString())
        .filter(col("tenant_id").isin("t1", "t2"));
    List<String> columns = Arrays.asList(hudiSnapshot.columns()).contains("note") ? List.of("ref", "note") : List.of("ref");
    Column[] dataColumns = Stream.concat(Stream.of("tenant_id", "id"), columns.stream()).map(name -> col(name))
        .toArray(Column[]::new);
    hudiSnapshot = hudiSnapshot.select(dataColumns);
    Dataset<Row> read = lake.read(TABLE, List.of("t1", "t2")).orElseThrow();
    assertThat(read.schema()).isEqualTo(hudiSnapshot.schema());
    assertThat(read.collectAsList()).containsExactlyInAnyOrderElementsOf(hudiSnapshot.collectAsList());

    Map<String, String> fromFooters = new TreeMap<>();
    lake.countsByTenant(TABLE, columns).forEach((tenant, counts) -> fromFooters.put(tenant, describe(
        counts.rows(), columns.stream().map(counts::nullsOf).toList(), columns)));
    Map<String, String> fromSnapshot = new TreeMap<>();
    for (Row row : hudiSnapshot.groupBy(col("tenant_id")).agg(count(lit(1)), columns.stream()
            .map(column -> sum(when(col(column).isNull(), 1L).otherwise(0L)))
            .toArray(Column[]::new))
        .collectAsList()) {
      fromSnapshot.put(row.getString(0), describe(row.getLong(1),
          columns.stream().map(column -> row.getLong(2 + columns.indexOf(column))).toList(), columns));
    }

    assertThat(fromFooters).isEqualTo(fromSnapshot).isEqualTo(expected);
    assertThat(lake.rowCountsByTenant(TABLE)).containsOnlyKeys(expected.keySet());
  }

  private static String describe(long rows, List<Long> nulls, List<String> columns) {
    StringBuilder text = new StringBuilder(rows + " rows");
    for (int i = 0; i < columns.size(); i++) {
      text.append(", ").append(nulls.get(i)).append(" null ").append(columns.get(i));
    }
    return text.toString();
  }
}
