package io.metriccare.etl.gold.kpi;

import static io.metriccare.etl.gold.kpi.Stays.IS_QUALIFYING_STAY;
import static org.apache.spark.sql.functions.aggregate;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * KPI-SPEC §3 Hospital-acquired infection ({@code hai_rate}) — per 1,000 patient-days.
 *
 * <blockquote>Numerator: Conditions in the HAI value set linked to a qualifying stay at the
 * hospital, with hospital day of onset >= 3 (>= 4 for the lab-identified types C. difficile and
 * MRSA bacteremia) and onset date <= discharge date + 1. One event per patient, per HAI type, per
 * 14 days. Denominator: patient-days of the hospital in the period (§4).</blockquote>
 *
 * <p>An event belongs to the period of its stay's discharge date (§0 period attribution). The
 * 14-day rule keeps an event when it starts 14 or more days after the patient's previous
 * <i>counted</i> event of the same type.
 */
final class HospitalAcquiredInfectionRule {

  static final String MEASURE = "hai_rate";
  /**
   * A rate needs patient-days: a period without any reports nothing, although its events (a stay
   * discharged on the 1st) still count toward the quarter and year that have patient-days.
   */
  static final Column IS_REPORTED_PERIOD = col("denominator").gt(0);
  static final int DEDUPLICATION_DAYS = 14;

  /** §0: admission date is day 1. */
  static final Column HOSPITAL_DAY = datediff(col("onset_date"), col("admit_date")).plus(1);
  static final Column FIRST_HOSPITAL_ONSET_DAY = when(col("is_lab_identified"), 4).otherwise(3);
  static final Column IS_HOSPITAL_ONSET = HOSPITAL_DAY.geq(FIRST_HOSPITAL_ONSET_DAY)
      .and(col("onset_date").leq(date_add(col("discharge_date"), 1)));

  private static final StructType VALUE_SET_SCHEMA = StructType.fromDDL(
      "hai_system STRING, hai_code STRING, is_prefix BOOLEAN, hai_type STRING, is_lab_identified BOOLEAN");

  private HospitalAcquiredInfectionRule() {}

  /** @param patientDayMembers the denominator, as {@link LengthOfStayRule#patientDayMembers} gives it */
  static Dataset<Row> apply(
      Dataset<Row> stays, Dataset<Row> conditions, Dataset<Row> patientDayMembers, KpiValueSets valueSets) {
    return KpiFacts.of(MEASURE, KpiFacts.sumPerPeriod(members(countedEvents(stays, conditions, valueSets), patientDayMembers)))
        .filter(IS_REPORTED_PERIOD);
  }

  /**
   * The stays' patient-days (denominator) plus one numerator member per counted event, at its stay's discharge date.
   *
   * @param countedEvents as {@link #countedEvents} gives them
   */
  static Dataset<Row> members(Dataset<Row> countedEvents, Dataset<Row> patientDayMembers) {
    return patientDayMembers.unionByName(
        KpiFacts.members(countedEvents, col("discharge_date"), lit(1), lit(0), lit(0)));
  }

  /**
   * §3 "count of HAI events by code": the counted events per period and matching code, in the
   * periods that report a rate, so that a period's {@code events} sum to its {@code hai_rate} numerator.
   *
   * @param events as {@link #countedEvents} gives them
   * @param reportedPeriods {@link KpiFacts#PERIOD_KEYS} of the periods with an {@code hai_rate} row, {@code period_start} as text
   * @return {@code tenant_id, hospital_id, period_grain, period_start, code_system, code, events}
   */
  static Dataset<Row> eventsByCode(Dataset<Row> events, Dataset<Row> reportedPeriods) {
    Dataset<Row> eventsPerPeriod = Periods.explodePeriods(events, "discharge_date")
        .withColumn("period_start", date_format(col("period_start"), "yyyy-MM-dd"))
        .withColumn("code_system", substring_index(col("hai_coding"), "|", 1))
        .withColumn("code", substring_index(col("hai_coding"), "|", -1));
    return KpiFacts.semiJoinOnPeriodKeys(eventsPerPeriod, reportedPeriods)
        .groupBy(col("tenant_id"), col("hospital_id"), col("period_grain"), col("period_start"),
            col("code_system"), col("code"))
        .agg(count(lit(1)).as("events"));
  }

  /**
   * Numerator events after the 14-day rule: {@code tenant_id, patient_id, hai_type, hospital_id,
   * encounter_id, condition_id, ingestion_id, discharge_date, hai_coding} (the coding that matched).
   */
  static Dataset<Row> countedEvents(Dataset<Row> stays, Dataset<Row> conditions, KpiValueSets valueSets) {
    KpiFacts.requireColumns(conditions, MEASURE,
        "tenant_id", "condition_id", "patient_id", "encounter_id", "codings", "verification_status", "onset_time");
    Dataset<Row> events = Stays.linkConditions(stays.filter(IS_QUALIFYING_STAY),
            withHaiType(Stays.filterCountableConditions(conditions, valueSets), valueSets))
        .filter(IS_HOSPITAL_ONSET);
    return filterRepeatsWithin14Days(events);
  }

  /**
   * One row per condition and HAI type its codes fall in, with {@code hai_type}, {@code
   * is_lab_identified} and {@code hai_coding} (the lowest matching {@code system|code}).
   */
  private static Dataset<Row> withHaiType(Dataset<Row> conditions, KpiValueSets valueSets) {
    List<Row> codes = valueSets.hai().stream()
        .map(code -> RowFactory.create(code.system(), code.code(), code.isPrefix(), code.haiType(), code.isLabIdentified()))
        .toList();
    Dataset<Row> valueSet = conditions.sparkSession().createDataFrame(codes, VALUE_SET_SCHEMA);
    Column coding = col("coding");
    Column system = substring_index(coding, "|", 1);
    Column code = substring_index(coding, "|", -1);
    Column inValueSet = system.equalTo(col("hai_system")).and(
        when(col("is_prefix"), code.startsWith(col("hai_code"))).otherwise(code.equalTo(col("hai_code"))));
    return conditions
        .withColumn("coding", explode(col("codings")))
        .join(broadcast(valueSet), inValueSet)
        .groupBy(
            col("tenant_id"), col("condition_id"), col("patient_id"), col("encounter_id"),
            col("onset_time"), col("hai_type"))
        .agg(min(col("coding")).as("hai_coding"), max(col("is_lab_identified")).as("is_lab_identified"));
  }

  /** One event per patient, per HAI type, per 14 days, kept in onset order. */
  private static Dataset<Row> filterRepeatsWithin14Days(Dataset<Row> events) {
    Column sortedEvents = array_sort(collect_list(struct(
        col("onset_date"), col("condition_id"), col("hospital_id"), col("encounter_id"), col("ingestion_id"),
        col("discharge_date"), col("hai_coding"))));
    Column none = filter(col("events"), event -> lit(false));
    Column counted = aggregate(col("events"), none, (kept, event) -> when(
        size(kept).equalTo(0).or(datediff(event.getField("onset_date"),
            element_at(kept, -1).getField("onset_date")).geq(DEDUPLICATION_DAYS)),
        concat(kept, array(event)))
        .otherwise(kept));
    return events
        .groupBy(col("tenant_id"), col("patient_id"), col("hai_type"))
        .agg(sortedEvents.as("events"))
        .select(col("tenant_id"), col("patient_id"), col("hai_type"), explode(counted).as("event"))
        .select(
            col("tenant_id"), col("patient_id"), col("hai_type"),
            col("event.hospital_id").as("hospital_id"), col("event.encounter_id").as("encounter_id"),
            col("event.condition_id").as("condition_id"),
            col("event.ingestion_id").as("ingestion_id"), col("event.discharge_date").as("discharge_date"),
            col("event.hai_coding").as("hai_coding"));
  }
}
