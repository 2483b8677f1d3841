package io.metriccare.etl.gold.kpi;

import static io.metriccare.etl.gold.kpi.Stays.HAS_DEATH_DURING_STAY;
import static io.metriccare.etl.gold.kpi.Stays.IS_QUALIFYING_STAY;
import static io.metriccare.etl.gold.kpi.Stays.IS_TRANSFER_TO_ACUTE;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * KPI-SPEC §1 In-hospital mortality ({@code mortality}) — deaths per 100 discharges.
 *
 * <blockquote>Denominator: qualifying stays discharged in the period, excluding transfers to an
 * acute hospital. Numerator: denominator stays with a death during the stay.</blockquote>
 */
final class MortalityRule {

  static final String MEASURE = "mortality";
  /** Every period with a discharge reports. */
  static final Column IS_REPORTED_PERIOD = lit(true);

  private MortalityRule() {}

  static Dataset<Row> apply(Dataset<Row> stays) {
    return KpiFacts.of(MEASURE, KpiFacts.sumPerPeriod(members(stays))).filter(IS_REPORTED_PERIOD);
  }

  /** Each discharge in the denominator, in the numerator when the patient died during the stay. */
  static Dataset<Row> members(Dataset<Row> stays) {
    KpiFacts.requireColumns(stays, MEASURE,
        "is_qualifying_stay", "is_transfer_to_acute", "has_death_during_stay", "discharge_date");
    Dataset<Row> discharges = stays.filter(IS_QUALIFYING_STAY).filter(not(IS_TRANSFER_TO_ACUTE));
    return KpiFacts.members(discharges, col("discharge_date"),
        when(HAS_DEATH_DURING_STAY, 1).otherwise(0), lit(1), lit(0));
  }
}
