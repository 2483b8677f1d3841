package io.metriccare.etl.gold.kpi;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.trunc;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** KPI-SPEC §0 period attribution: every dated row belongs to one month, one quarter and one year. */
final class Periods {

  private Periods() {}

  /** One row per grain, with {@code period_grain} and {@code period_start} of the period containing {@code dateColumn}. */
  static Dataset<Row> explodePeriods(Dataset<Row> rows, String dateColumn) {
    Column date = col(dateColumn);
    return rows
        .withColumn("period", explode(array(
            period("month", trunc(date, "MM")),
            period("quarter", trunc(date, "QUARTER")),
            period("year", trunc(date, "YEAR")))))
        .withColumn("period_grain", col("period.grain"))
        .withColumn("period_start", col("period.start"))
        .drop("period");
  }

  private static Column period(String grain, Column start) {
    return struct(lit(grain).as("grain"), start.as("start"));
  }
}
