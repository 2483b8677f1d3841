package io.metriccare.etl.gold.kpi;

import static io.metriccare.etl.gold.kpi.Stays.IS_CENSUS_STAY;
import static io.metriccare.etl.gold.kpi.Stays.IS_QUALIFYING_STAY;
import static io.metriccare.etl.gold.kpi.Stays.LOS_DAYS;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * KPI-SPEC §4 Length of stay ({@code alos}) and patient-days.
 *
 * <blockquote>ALOS = Σ los_days ÷ number of qualifying stays discharged in the period (deaths
 * included). Patient-days of a period = inpatient census days inside the period: each local date
 * from admit date up to the day before discharge; a same-day stay counts 1. A stay crossing a
 * period boundary is split between the periods.</blockquote>
 *
 * <p>An {@code in-progress} stay (§0: counts toward patient-days only) is in the census through the
 * tenant's data-through date.
 */
final class LengthOfStayRule {

  static final String MEASURE = "alos";
  /** Every period with a discharge reports. */
  static final Column IS_REPORTED_PERIOD = lit(true);

  /** The last local date a stay occupies a bed at census; a same-day stay still occupies its admit date. */
  static final Column LAST_CENSUS_DATE = when(IS_QUALIFYING_STAY,
      greatest(col("admit_date"), date_sub(col("discharge_date"), 1)))
      .otherwise(col("data_through_date"));

  private LengthOfStayRule() {}

  static Dataset<Row> apply(Dataset<Row> stays) {
    return KpiFacts.of(MEASURE, KpiFacts.sumPerPeriod(members(stays))).filter(IS_REPORTED_PERIOD);
  }

  /** Each qualifying stay: its los_days over one stay. */
  static Dataset<Row> members(Dataset<Row> stays) {
    KpiFacts.requireColumns(stays, MEASURE, "is_qualifying_stay", "los_days", "discharge_date");
    return KpiFacts.members(stays.filter(IS_QUALIFYING_STAY), col("discharge_date"), LOS_DAYS, lit(1), lit(0));
  }

  /**
   * The §3 HAI denominator as members: each census stay's patient-days in each month it occupies a
   * bed (in the denominator only), placed by the month's first day.
   */
  static Dataset<Row> patientDayMembers(Dataset<Row> stays) {
    KpiFacts.requireColumns(stays, "patient-days",
        "is_census_stay", "is_qualifying_stay", "admit_date", "discharge_date", "data_through_date");
    Dataset<Row> censusDays = stays.filter(IS_CENSUS_STAY)
        .withColumn("last_census_date", LAST_CENSUS_DATE)
        .filter(col("last_census_date").geq(col("admit_date")))
        .withColumn("census_date", explode(sequence(col("admit_date"), col("last_census_date"))));
    Dataset<Row> daysPerMonth = censusDays
        .groupBy(col("tenant_id"), col("hospital_id"), col("encounter_id"), col("ingestion_id"),
            trunc(col("census_date"), "MM").as("census_month"))
        .agg(count(lit(1)).as("patient_days"));
    return KpiFacts.members(daysPerMonth, col("census_month"), lit(0), col("patient_days"), lit(0));
  }
}
