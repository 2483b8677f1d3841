package io.metriccare.etl.gold.kpi;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.collection.JavaConverters;

/** The shape every KPI rule returns: one row per tenant × hospital × grain × period × measure. */
final class KpiFacts {

  static final Column[] PERIOD_KEYS = {
      col("tenant_id"), col("hospital_id"), col("period_grain"), col("period_start")};

  private static final List<String> PERIOD_KEY_NAMES = List.of("tenant_id", "hospital_id", "period_grain", "period_start");

  private KpiFacts() {}

  static Dataset<Row> leftJoinOnPeriodKeys(Dataset<Row> left, Dataset<Row> right) {
    return left.join(right, JavaConverters.asScalaBuffer(PERIOD_KEY_NAMES).toSeq(), "left_outer");
  }

  static Dataset<Row> semiJoinOnPeriodKeys(Dataset<Row> left, Dataset<Row> right) {
    return left.join(right, JavaConverters.asScalaBuffer(PERIOD_KEY_NAMES).toSeq(), "left_semi");
  }

  static Dataset<Row> antiJoinOnPeriodKeys(Dataset<Row> left, Dataset<Row> right) {
    return left.join(right, JavaConverters.asScalaBuffer(PERIOD_KEY_NAMES).toSeq(), "left_anti");
  }

  /**
   * What a stay contributes to a measure: the rows every rule derives first, so that its aggregate
   * and its lineage (which encounters, from which submissions, count where) are the same computation.
   *
   * @param periodDate the date that places the contribution in a period (§0: discharge date; census date for patient-days)
   */
  static Dataset<Row> members(Dataset<Row> stays, Column periodDate, Column numerator, Column denominator, Column pending) {
    return stays.select(
        col("tenant_id"),
        col("hospital_id"),
        col("encounter_id"),
        col("ingestion_id"),
        periodDate.as("period_date"),
        numerator.cast("long").as("numerator"),
        denominator.cast("long").as("denominator"),
        pending.cast("long").as("pending"));
  }

  /** Members summed per period of every grain: {@link #PERIOD_KEYS}, numerator, denominator, pending. */
  static Dataset<Row> sumPerPeriod(Dataset<Row> members) {
    return Periods.explodePeriods(members, "period_date")
        .groupBy(PERIOD_KEYS)
        .agg(sum(col("numerator")).as("numerator"), sum(col("denominator")).as("denominator"),
            sum(col("pending")).as("pending"));
  }

  /** @param aggregated {@link #PERIOD_KEYS} plus long {@code numerator}, {@code denominator}, {@code pending} */
  static Dataset<Row> of(String measure, Dataset<Row> aggregated) {
    return aggregated.select(
        col("tenant_id"),
        col("hospital_id"),
        col("period_grain"),
        date_format(col("period_start"), "yyyy-MM-dd").as("period_start"),
        lit(measure).as("measure"),
        col("numerator").cast("long").as("numerator"),
        col("denominator").cast("long").as("denominator"),
        col("pending").cast("long").as("pending"));
  }

  static void requireColumns(Dataset<Row> rows, String measure, String... required) {
    Set<String> present = Set.of(rows.columns());
    List<String> missing = Arrays.stream(required).filter(name -> !present.contains(name)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("Cannot compute " + measure + ": missing columns " + missing);
    }
  }
}
