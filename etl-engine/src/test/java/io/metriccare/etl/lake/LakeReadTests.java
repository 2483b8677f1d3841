package io.metriccare.etl.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.metriccare.etl.SparkTestSession;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** {@link Lake#read}: the rows as written, whatever their types, and only the tenants asked for. */
class LakeReadTests {

  private static final LakeTable TABLE = LakeTable.keyedBy("bronze/typed", "tenant_id", "resource_id");
  private static final StructType ROWS = StructType.fromDDL("tenant_id STRING, resource_id STRING, birth_date DATE, "
      + "recorded_at TIMESTAMP, identifier ARRAY<STRING>, score DOUBLE, visits BIGINT");

  private final SparkSession spark = SparkTestSession.spark();
  private final Lake lake = new Lake(spark, SparkTestSession.newTargetDirectory("lake-read").toString(),
      EngineProfile.LOCAL, "unused");

  @Test
  void aTableNeverWritten_readsAsEmpty() {
    assertThat(lake.read(TABLE, List.of("t1"))).isEmpty();
  }

  @Test
  void rowsReadBackAsWritten_datesBeforeTheGregorianSwitchAndNullsIncluded() {
    List<Row> written = List.of(
        RowFactory.create("t1", "a", Date.valueOf("1500-03-01"), Timestamp.valueOf("1850-06-15 08:30:00"),
            List.of("urn:mrn|1", "urn:ssn|2"), 0.5, 3L),
        RowFactory.create("t1", "b", Date.valueOf("2024-02-29"), Timestamp.valueOf("2024-02-29 23:59:59.123456"),
            List.of(), null, null),
        RowFactory.create("t2", "a", null, null, null, 1.0, 1L));
    Dataset<Row> rows = spark.createDataFrame(written, ROWS);
    lake.insertNew(TABLE, rows);

    Dataset<Row> t1 = lake.read(TABLE, List.of("t1")).orElseThrow();
    assertThat(t1.schema().fieldNames()).containsExactly(ROWS.fieldNames());
    assertThat(t1.collectAsList())
        .containsExactlyInAnyOrderElementsOf(rows.filter("tenant_id = 't1'").collectAsList());
    assertThat(lake.read(TABLE, List.of("t1", "t2")).orElseThrow().count()).isEqualTo(3);

    Dataset<Row> absentTenant = lake.read(TABLE, List.of("t3")).orElseThrow();
    assertThat(absentTenant.schema().fieldNames()).containsExactly(ROWS.fieldNames());
    assertThat(absentTenant.isEmpty()).isTrue();
  }
}
