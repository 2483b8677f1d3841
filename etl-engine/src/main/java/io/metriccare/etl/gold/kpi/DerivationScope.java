package io.metriccare.etl.gold.kpi;

import static io.metriccare.etl.KeyJoins.withKeysIn;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import io.metriccare.etl.Concurrently;
import io.metriccare.etl.silver.SilverChanges;
import io.metriccare.etl.silver.SilverTables;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Which stays a run derives its Gold members for. What a stay contributes to any measure depends
 * only on the stays, conditions and observations of its own patient, the tenant's data-through date
 * D and the tenant's value sets (readmission looks at the patient's next stay, HAI de-duplicates per
 * patient, deaths come from the patient and the stay). So the scope is every stay of a patient the
 * run touched, plus:
 * <ul>
 *   <li>when D moved, the stays whose contribution D decides: discharged within 30 days of the
 *       earlier D (pending follow-up) or still in progress (census through D);
 *   <li>every stay of a tenant whose value sets changed, or whose Gold was never derived.
 * </ul>
 */
final class DerivationScope {

  /** §2 follow-up window, plus the day D itself. */
  private static final int FOLLOW_UP_DAYS = 31;
  private static final StructType RESTATE_SCHEMA = StructType.fromDDL("restate_tenant_id STRING, restate_from DATE");
  private static final StructType TENANT_SCHEMA = StructType.fromDDL("tenant_id STRING");

  private DerivationScope() {}

  /**
   * @param restateFrom tenant → the earliest discharge date whose stays D may have changed
   * @param wholeTenants tenants derived in full
   * @return {@code tenant_id, encounter_id} of the encounters in scope, materialised
   */
  static Dataset<Row> encounters(SilverChanges changes, SilverTables silver, Map<String, LocalDate> restateFrom,
      Set<String> wholeTenants) {
    SparkSession spark = silver.fctEncounter().sparkSession();
    Dataset<Row> encounters = silver.fctEncounter();
    Dataset<Row> restated = encounters
        .join(broadcast(spark.createDataFrame(restateFrom.entrySet().stream()
            .map(entry -> RowFactory.create(entry.getKey(), Date.valueOf(entry.getValue()))).toList(), RESTATE_SCHEMA)),
            col("tenant_id").equalTo(col("restate_tenant_id")))
        .filter(col("discharge_date").isNull().or(col("discharge_date").geq(col("restate_from"))));
    Dataset<Row> whole = withKeysIn(encounters, spark.createDataFrame(
        wholeTenants.stream().map(tenant -> RowFactory.create(tenant)).toList(), TENANT_SCHEMA), "tenant_id");
    // Materialised: both the patients and the scope read them, each a scan of the tenant's encounters.
    Dataset<Row> namedEncounters = withKeysIn(encounters, changes.encounters(), "tenant_id", "encounter_id")
        .select(col("tenant_id"), col("encounter_id"), col("patient_id"))
        .unionByName(restated.select(col("tenant_id"), col("encounter_id"), col("patient_id")))
        .localCheckpoint();
    Dataset<Row> patients = changes.patients()
        .unionByName(namedEncounters.select(col("tenant_id"), col("patient_id")).filter(col("patient_id").isNotNull()))
        .distinct()
        .localCheckpoint();
    return withKeysIn(encounters, patients, "tenant_id", "patient_id").select(col("tenant_id"), col("encounter_id"))
        .unionByName(namedEncounters.select(col("tenant_id"), col("encounter_id")))
        .unionByName(whole.select(col("tenant_id"), col("encounter_id")))
        .distinct()
        .localCheckpoint();
  }

  /**
   * The Silver rows the scope's stays are derived from: their encounters, their patients' conditions
   * and facts. Materialised: the rules read them several times, and each read would otherwise scan
   * the tenant's whole Silver table for a scope that is usually a small part of it.
   */
  static SilverTables scoped(SilverTables silver, Dataset<Row> scopeEncounters) {
    Dataset<Row> encounters = withKeysIn(silver.fctEncounter(), scopeEncounters, "tenant_id", "encounter_id")
        .localCheckpoint();
    Dataset<Row> patients = encounters.select(col("tenant_id"), col("patient_id"))
        .filter(col("patient_id").isNotNull()).distinct().localCheckpoint();
    List<Dataset<Row>> facts = Concurrently.materialise(
        withKeysIn(silver.dimPatient(), patients, "tenant_id", "patient_id"),
        withKeysIn(silver.fctCondition(), patients, "tenant_id", "patient_id")
            .unionByName(withKeysIn(silver.fctCondition(), scopeEncounters, "tenant_id", "encounter_id"))
            .dropDuplicates("tenant_id", "condition_id"),
        withKeysIn(silver.fctObservation(), scopeEncounters, "tenant_id", "encounter_id"));
    return new SilverTables(silver.dimHospital(), facts.get(0), encounters, facts.get(1), facts.get(2));
  }

  /** The first discharge date whose stays a move of D from {@code before} to {@code after} can change. */
  static LocalDate restateFrom(LocalDate before, LocalDate after) {
    return (before.isBefore(after) ? before : after).minusDays(FOLLOW_UP_DAYS);
  }
}
