package io.metriccare.etl.gold.kpi;

import static io.metriccare.etl.gold.kpi.Stays.HAS_DEATH_DURING_STAY;
import static io.metriccare.etl.gold.kpi.Stays.IS_AGAINST_MEDICAL_ADVICE;
import static io.metriccare.etl.gold.kpi.Stays.IS_QUALIFYING_STAY;
import static io.metriccare.etl.gold.kpi.Stays.IS_TRANSFER_TO_ACUTE;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * KPI-SPEC §2 30-day all-cause readmission, crude ({@code readmission_30d}) — "all readmissions
 * (planned not removed)".
 *
 * <blockquote>Index stays (denominator): qualifying stays discharged in the period, excluding:
 * death during the stay; against medical advice; transfer to acute hospital; and stays with
 * {@code discharge_date + 30 > D} (follow-up window incomplete; reported as {@code pending}).
 * Numerator: index stays for which the same patient has a <i>next</i> qualifying stay (any
 * hospital of the same tenant) with {@code 0 <= admit_date − discharge_date <= 30}. Only the first
 * such stay counts. A next stay whose {@code admitSource} is {@code hosp-trans} starting on the
 * discharge date or the day after is a continuation, not a readmission. ED-only and observation
 * encounters are never readmissions.</blockquote>
 */
final class Readmission30dRule {

  static final String MEASURE = "readmission_30d";
  /** A period whose stays are all pending still reports them (denominator 0, value null in the API). */
  static final Column IS_REPORTED_PERIOD = col("denominator").gt(0).or(col("pending").gt(0));

  static final Column IS_INDEX_CANDIDATE = IS_QUALIFYING_STAY
      .and(not(HAS_DEATH_DURING_STAY))
      .and(not(IS_AGAINST_MEDICAL_ADVICE))
      .and(not(IS_TRANSFER_TO_ACUTE));
  static final Column IS_FOLLOW_UP_PENDING = date_add(col("discharge_date"), 30).gt(col("data_through_date"));
  static final Column DAYS_TO_NEXT_ADMISSION = datediff(col("next_admit_date"), col("discharge_date"));
  static final Column IS_CONTINUATION = col("next_is_transfer_admission").and(DAYS_TO_NEXT_ADMISSION.between(0, 1));
  static final Column IS_READMISSION = DAYS_TO_NEXT_ADMISSION.between(0, 30).and(not(IS_CONTINUATION));

  private Readmission30dRule() {}

  static Dataset<Row> apply(Dataset<Row> stays) {
    return KpiFacts.of(MEASURE, KpiFacts.sumPerPeriod(members(stays))).filter(IS_REPORTED_PERIOD);
  }

  /** Each index candidate: an index stay (readmitted or not), or pending while its follow-up window is open. */
  static Dataset<Row> members(Dataset<Row> stays) {
    KpiFacts.requireColumns(stays, MEASURE,
        "is_qualifying_stay", "has_death_during_stay", "is_against_medical_advice", "is_transfer_to_acute",
        "is_transfer_admission", "patient_id", "admission_time", "admit_date", "discharge_date", "data_through_date");
    Dataset<Row> indexCandidates = withIsReadmitted(stays.filter(IS_INDEX_CANDIDATE), stays.filter(IS_QUALIFYING_STAY));
    Column isIndexStay = not(IS_FOLLOW_UP_PENDING);
    return KpiFacts.members(indexCandidates, col("discharge_date"),
        when(isIndexStay.and(col("is_readmitted")), 1).otherwise(0),
        when(isIndexStay, 1).otherwise(0),
        when(IS_FOLLOW_UP_PENDING, 1).otherwise(0));
  }

  /** Adds {@code is_readmitted}: some later qualifying stay of the patient is a readmission. */
  private static Dataset<Row> withIsReadmitted(Dataset<Row> candidates, Dataset<Row> qualifyingStays) {
    Dataset<Row> nextStays = qualifyingStays.select(
        col("tenant_id").as("next_tenant_id"),
        col("patient_id").as("next_patient_id"),
        col("encounter_id").as("next_encounter_id"),
        col("admission_time").as("next_admission_time"),
        col("admit_date").as("next_admit_date"),
        col("is_transfer_admission").as("next_is_transfer_admission"));
    Dataset<Row> readmitted = candidates
        .join(nextStays, col("tenant_id").equalTo(col("next_tenant_id"))
            .and(col("patient_id").equalTo(col("next_patient_id")))
            .and(col("encounter_id").notEqual(col("next_encounter_id")))
            .and(col("next_admission_time").gt(col("admission_time"))))
        .filter(IS_READMISSION)
        .select(col("tenant_id").as("readmitted_tenant_id"), col("encounter_id").as("readmitted_encounter_id"))
        .distinct();
    return candidates
        .join(readmitted, col("tenant_id").equalTo(col("readmitted_tenant_id"))
            .and(col("encounter_id").equalTo(col("readmitted_encounter_id"))), "left_outer")
        .withColumn("is_readmitted", col("readmitted_encounter_id").isNotNull())
        .drop("readmitted_tenant_id", "readmitted_encounter_id");
  }
}
