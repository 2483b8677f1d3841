package io.metriccare.etl.gold.kpi;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.arrays_overlap;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.metriccare.etl.gold.kpi.KpiValueSets.DispositionCodes;
import io.metriccare.etl.silver.SilverTables;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * KPI-SPEC §0 shared rules, prepared once for every KPI: which encounters are qualifying inpatient
 * stays, their disposition categories, whether the patient died during the stay, LOS, and the
 * tenant's data-through date. The rules read the results through the named predicates below.
 */
final class Stays {

  static final Column IS_QUALIFYING_STAY = col("is_qualifying_stay");
  static final Column IS_CENSUS_STAY = col("is_census_stay");
  static final Column IS_EXPIRED_DISPOSITION = col("is_expired_disposition");
  static final Column IS_AGAINST_MEDICAL_ADVICE = col("is_against_medical_advice");
  static final Column IS_TRANSFER_TO_ACUTE = col("is_transfer_to_acute");
  static final Column HAS_DEATH_DURING_STAY = col("has_death_during_stay");
  /** §4: {@code max(1, discharge_date − admit_date)}. */
  static final Column LOS_DAYS = col("los_days");

  private static final String HL7_DISPOSITION = "http://terminology.hl7.org/CodeSystem/discharge-disposition";
  private static final String NUBC_DISPOSITION = "http://www.nubc.org/patient-discharge";
  private static final Column NUBC_CODE = when(
      col("discharge_disposition_system").equalTo(NUBC_DISPOSITION),
      lpad(col("discharge_disposition_code"), 2, "0"));
  private static final Column HL7_CODE = when(
      col("discharge_disposition_system").equalTo(HL7_DISPOSITION), col("discharge_disposition_code"));

  private static final StructType DATA_THROUGH_SCHEMA =
      StructType.fromDDL("date_tenant_id STRING, data_through_date DATE");

  private Stays() {}

  /**
   * Encounters of known hospitals, excluding {@code entered-in-error} and {@code cancelled} ones
   * (ignored everywhere), with the shared §0 columns and the §2 {@code data_through_date}.
   */
  static Dataset<Row> prepare(SilverTables silver, KpiValueSets valueSets, Map<String, LocalDate> dataThroughDates) {
    Dataset<Row> stays = classified(silver.fctEncounter(), valueSets);
    return withDataThroughDate(withDeathDuringStay(stays, silver, valueSets), dataThroughDates);
  }

  /**
   * §2 D per tenant: the date the tenant set, else the latest discharge date among its qualifying
   * stays. Computed over all of a tenant's stays, so that a run deriving only some of them still
   * gives every stay the tenant's D.
   */
  static Map<String, LocalDate> dataThroughDates(
      Dataset<Row> fctEncounter, KpiValueSets valueSets, Map<String, LocalDate> tenantDates) {
    Map<String, LocalDate> dates = new TreeMap<>();
    for (Row latest : classified(fctEncounter, valueSets).filter(IS_QUALIFYING_STAY)
        .groupBy(col("tenant_id")).agg(max(col("discharge_date"))).collectAsList()) {
      dates.put(latest.getString(0), latest.getDate(1).toLocalDate());
    }
    dates.putAll(tenantDates);
    return dates;
  }

  /** The §0 classification of each encounter of a known hospital, without the columns other facts decide. */
  private static Dataset<Row> classified(Dataset<Row> fctEncounter, KpiValueSets valueSets) {
    KpiFacts.requireColumns(fctEncounter, "stays",
        "tenant_id", "encounter_id", "ingestion_id", "patient_id", "hospital_id", "status", "encounter_class",
        "admission_time", "discharge_time", "admit_date", "discharge_date", "time_zone",
        "discharge_disposition_system", "discharge_disposition_code", "admit_source_code");
    return fctEncounter
        .filter(not(col("status").isin("entered-in-error", "cancelled")))
        .filter(col("hospital_id").isNotNull())
        .withColumn("is_inpatient_class", col("encounter_class").isin(valueSets.inpatientClasses().toArray()))
        .withColumn("is_qualifying_stay", col("is_inpatient_class")
            .and(col("status").equalTo("finished"))
            .and(col("admission_time").isNotNull())
            .and(col("discharge_time").isNotNull())
            .and(col("discharge_time").geq(col("admission_time"))))
        .withColumn("is_census_stay", IS_QUALIFYING_STAY.or(col("is_inpatient_class")
            .and(col("status").equalTo("in-progress"))
            .and(col("admission_time").isNotNull())))
        .withColumn("is_expired_disposition", isDisposition(valueSets.expired()))
        .withColumn("is_against_medical_advice", isDisposition(valueSets.againstMedicalAdvice()))
        .withColumn("is_transfer_to_acute", isDisposition(valueSets.transferToAcute()))
        .withColumn("is_transfer_admission",
            coalesce(col("admit_source_code").isin(valueSets.continuationAdmitSources().toArray()), lit(false)))
        // §4 exposes both: los_hcup (same-day stay = 0) and los_days = max(1, los_hcup).
        .withColumn("los_hcup", datediff(col("discharge_date"), col("admit_date")))
        .withColumn("los_days", greatest(lit(1), col("los_hcup")));
  }

  /**
   * §0: a condition links to a stay by {@code Condition.encounter}; without it, by local onset date
   * inside [admit date, discharge date] on the same patient. Keeps the condition's own columns and
   * adds {@code onset_date} (hospital-local).
   */
  static Dataset<Row> linkConditions(Dataset<Row> stays, Dataset<Row> conditions) {
    Dataset<Row> conditionColumns = conditions
        // The stay has its own references; the condition's matter only to Silver.
        .drop("patient_ref", "encounter_ref")
        .withColumnRenamed("tenant_id", "condition_tenant_id")
        .withColumnRenamed("patient_id", "condition_patient_id")
        .withColumnRenamed("encounter_id", "condition_encounter_id");
    Column sameTenant = col("tenant_id").equalTo(col("condition_tenant_id"));
    Dataset<Row> byEncounter = stays.join(conditionColumns,
        sameTenant.and(col("encounter_id").equalTo(col("condition_encounter_id"))));
    Dataset<Row> byOnset = stays.join(conditionColumns.filter(col("condition_encounter_id").isNull()),
            sameTenant.and(col("patient_id").equalTo(col("condition_patient_id"))))
        .filter(localDate(col("onset_time")).between(col("admit_date"), col("discharge_date")));
    return byEncounter.unionByName(byOnset)
        .withColumn("onset_date", localDate(col("onset_time")))
        .drop("condition_tenant_id", "condition_patient_id", "condition_encounter_id");
  }

  /** §0: conditions whose verification status is not refuted, entered-in-error or unconfirmed. */
  static Dataset<Row> filterCountableConditions(Dataset<Row> conditions, KpiValueSets valueSets) {
    return conditions.filter(coalesce(
        not(col("verification_status").isin(valueSets.excludedVerificationStatuses().toArray())), lit(true)));
  }

  private static Column isDisposition(DispositionCodes codes) {
    return coalesce(HL7_CODE.isin(codes.hl7().toArray()).or(NUBC_CODE.isin(codes.nubc().toArray())), lit(false));
  }

  /** §0 death during a stay: expired disposition, recorded date of death, or a death Condition/Observation. */
  private static Dataset<Row> withDeathDuringStay(Dataset<Row> stays, SilverTables silver, KpiValueSets valueSets) {
    Column deathCodes = array(valueSets.deathCodes().stream().map(code -> lit(code)).toArray(Column[]::new));
    Dataset<Row> deathConditions = linkConditions(stays.filter(IS_QUALIFYING_STAY),
            filterCountableConditions(silver.fctCondition(), valueSets))
        .filter(arrays_overlap(col("codings"), deathCodes))
        .select(col("tenant_id"), col("encounter_id"));
    Dataset<Row> deathObservations = silver.fctObservation()
        .filter(col("encounter_id").isNotNull())
        .filter(not(coalesce(col("status").isin("entered-in-error", "cancelled"), lit(false))))
        .filter(arrays_overlap(col("codings"), deathCodes))
        .select(col("tenant_id"), col("encounter_id"));
    Dataset<Row> recordedDeaths = deathConditions.unionByName(deathObservations).distinct()
        .select(col("tenant_id").as("death_tenant_id"), col("encounter_id").as("death_encounter_id"));
    Dataset<Row> deceased = silver.dimPatient().select(
        col("tenant_id").as("patient_tenant_id"), col("patient_id").as("deceased_patient_id"), col("deceased_time"));

    return stays
        .join(deceased, col("tenant_id").equalTo(col("patient_tenant_id"))
            .and(col("patient_id").equalTo(col("deceased_patient_id"))), "left_outer")
        .join(recordedDeaths, col("tenant_id").equalTo(col("death_tenant_id"))
            .and(col("encounter_id").equalTo(col("death_encounter_id"))), "left_outer")
        .withColumn("deceased_date", localDate(col("deceased_time")))
        .withColumn("has_death_during_stay", IS_EXPIRED_DISPOSITION
            .or(coalesce(col("deceased_date").between(col("admit_date"), col("discharge_date")), lit(false)))
            .or(col("death_encounter_id").isNotNull()))
        .drop("patient_tenant_id", "deceased_patient_id", "deceased_time", "death_tenant_id", "death_encounter_id");
  }

  /** §2: every stay gets its tenant's D from the map. */
  private static Dataset<Row> withDataThroughDate(Dataset<Row> stays, Map<String, LocalDate> dataThroughDates) {
    List<Row> dateRows = dataThroughDates.entrySet().stream()
        .map(entry -> RowFactory.create(entry.getKey(), Date.valueOf(entry.getValue())))
        .toList();
    Dataset<Row> tenantDates = stays.sparkSession().createDataFrame(dateRows, DATA_THROUGH_SCHEMA);
    return stays
        .join(broadcast(tenantDates), col("tenant_id").equalTo(col("date_tenant_id")), "left_outer")
        .drop("date_tenant_id");
  }

  private static Column localDate(Column instant) {
    return to_date(from_utc_timestamp(instant, col("time_zone")));
  }
}
