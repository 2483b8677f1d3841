package io.metriccare.etl.gold.kpi;

import java.util.List;
import org.apache.spark.sql.Row;

/** KPI rows collected once per test, looked up as {@code [numerator, denominator, pending]}. */
record KpiRows(List<Row> rows) {

  /** Empty when no row was emitted for the period. */
  List<Long> counts(String measure, String grain, String periodStart) {
    return rows.stream()
        .filter(row -> row.getAs("measure").equals(measure))
        .filter(row -> row.getAs("period_grain").equals(grain))
        .filter(row -> row.getAs("period_start").equals(periodStart))
        .findFirst()
        .map(row -> List.<Long>of(row.getAs("numerator"), row.getAs("denominator"), row.getAs("pending")))
        .orElse(List.of());
  }
}
