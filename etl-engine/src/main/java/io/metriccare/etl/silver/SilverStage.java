package io.metriccare.etl.silver;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;

import io.metriccare.etl.Concurrently;
import io.metriccare.etl.KeyJoins;
import io.metriccare.etl.bronze.BronzeStage;
import io.metriccare.etl.bronze.BronzeTable;
import io.metriccare.etl.lake.Lake;
import io.metriccare.etl.lake.LakeTable;
import io.metriccare.etl.silver.ReferenceIndex.Resolution;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/**
 * Brings the Silver tables of the given tenants up to date with Bronze: conformed rows with
 * references resolved to tenant-scoped ids, hospital-local dates, and no direct identifiers (names,
 * addresses, telecom and identifiers never leave Bronze).
 *
 * <p>Only the rows a run can have changed are derived again and upserted: rows whose Bronze version
 * came from the run's inputs, rows pointing at a patient, encounter, hospital or practitioner that
 * changed (an identifier or fullUrl may now match differently), every encounter of a hospital whose
 * time zone changed, and rows whose references were unresolved (their target may have arrived).
 * Silver rows are never deleted: Bronze keeps every resource it has seen.
 */
public final class SilverStage {

  /** A hospital the manifest gives no time zone keeps its calendar in UTC. */
  static final String DEFAULT_TIME_ZONE = "UTC";

  private static final StructType TIME_ZONE_SCHEMA =
      StructType.fromDDL("zone_tenant_id STRING, zone_hospital_id STRING, configured_time_zone STRING");

  private final Lake lake;
  private final BronzeStage bronze;
  private final Map<String, Map<String, String>> hospitalTimeZones;

  /** @param hospitalTimeZones tenant → hospital id → IANA zone id, as in the manifest */
  public SilverStage(Lake lake, BronzeStage bronze, Map<String, Map<String, String>> hospitalTimeZones) {
    this.lake = lake;
    this.bronze = bronze;
    this.hospitalTimeZones = hospitalTimeZones;
  }

  /**
   * @param runIngestions {@code tenant_id, ingestion_id} of the run's inputs: Bronze rows whose
   *     winning version came from one of them changed in this run
   */
  public SilverChanges refresh(Collection<String> tenants, Dataset<Row> runIngestions) {
    Dataset<Row> organizations = bronze.read(BronzeTable.ORGANIZATION, tenants);
    Dataset<Row> patients = bronze.read(BronzeTable.PATIENT, tenants);
    Dataset<Row> practitioners = bronze.read(BronzeTable.PRACTITIONER, tenants);
    Dataset<Row> encounters = bronze.read(BronzeTable.ENCOUNTER, tenants);
    Dataset<Row> conditions = bronze.read(BronzeTable.CONDITION, tenants);
    Dataset<Row> observations = bronze.read(BronzeTable.OBSERVATION, tenants);
    ReferenceIndex patientIndex = ReferenceIndex.of("Patient", patients);
    ReferenceIndex encounterIndex = ReferenceIndex.of("Encounter", encounters);
    ReferenceIndex organizationIndex = ReferenceIndex.of("Organization", organizations);
    ReferenceIndex practitionerIndex = ReferenceIndex.of("Practitioner", practitioners);
    Dataset<Row> dimHospital = dimHospital(organizations, hospitalTimeZones);
    Dataset<Row> previousHospitals = snapshot(SilverTables.DIM_HOSPITAL, tenants, dimHospital);

    // Each changed set is read by several tables' keys: materialised, so each is one scan of Bronze.
    List<Dataset<Row>> changedSets = Concurrently.materialise(
        changed(patients, runIngestions),
        ids(changed(encounters, runIngestions), "encounter_id", "encounter_id"),
        ids(changed(organizations, runIngestions), "resource_id", "hospital_id")
            .unionByName(timeZoneChanged(previousHospitals, dimHospital)),
        ids(changed(practitioners, runIngestions), "resource_id", "practitioner_id"));
    Dataset<Row> changedPatientRows = changedSets.get(0);
    Dataset<Row> changedPatients = ids(changedPatientRows, "resource_id", "patient_id");
    Dataset<Row> changedEncounters = changedSets.get(1);
    Dataset<Row> changedHospitals = changedSets.get(2);
    Dataset<Row> changedPractitioners = changedSets.get(3);

    List<FactKeys> keys = Concurrently.get(List.of(
        () -> rederived(tenants, SilverTables.FCT_ENCOUNTER, "encounter_id", changedEncounters,
            fctEncounter(encounters, patientIndex, organizationIndex, practitionerIndex, dimHospital),
            List.of(Map.entry("patient_id", changedPatients), Map.entry("hospital_id", changedHospitals),
                Map.entry("practitioner_id", changedPractitioners)),
            unresolved("patient_ref", "patient_id").or(unresolved("hospital_ref", "hospital_id"))
                .or(unresolved("practitioner_ref", "practitioner_id"))),
        () -> factKeys(tenants, SilverTables.FCT_CONDITION, "condition_id", conditions,
            fctCondition(conditions, patientIndex, encounterIndex), runIngestions, changedPatients, changedEncounters),
        () -> factKeys(tenants, SilverTables.FCT_OBSERVATION, "observation_id", observations,
            fctObservation(observations, patientIndex, encounterIndex), runIngestions, changedPatients,
            changedEncounters)));
    FactKeys encounterKeys = keys.get(0);
    FactKeys conditionKeys = keys.get(1);
    FactKeys observationKeys = keys.get(2);

    // Few rows to derive look each reference up among only the keys it can match, broadcast; many, as in
    // a first run, share one index of every key.
    boolean fewRows =
        keys.stream().mapToLong(factKeys -> factKeys.keys().count()).sum() <= KeyJoins.MAX_BROADCAST_KEYS;
    ReferenceIndex patientLookup = lookup(patientIndex, fewRows);
    ReferenceIndex encounterLookup = lookup(encounterIndex, fewRows);
    ReferenceIndex organizationLookup = lookup(organizationIndex, fewRows);
    ReferenceIndex practitionerLookup = lookup(practitionerIndex, fewRows);
    List<Rederived> updates = Concurrently.get(List.of(
        () -> rederive(fctEncounter(encounterKeys.bronzeRows(encounters), patientLookup, organizationLookup,
            practitionerLookup, dimHospital), encounterKeys),
        () -> rederive(fctCondition(conditionKeys.bronzeRows(conditions), patientLookup, encounterLookup),
            conditionKeys),
        () -> rederive(fctObservation(observationKeys.bronzeRows(observations), patientLookup, encounterLookup),
            observationKeys)));
    Rederived encounterUpdate = updates.get(0);
    Rederived conditionUpdate = updates.get(1);
    Rederived observationUpdate = updates.get(2);
    Dataset<Row> patientRows = dimPatient(changedPatientRows);

    List<Dataset<Row>> affected = Concurrently.materialise(
        changedPatients
            .unionByName(encounterUpdate.touched("patient_id"))
            .unionByName(conditionUpdate.touched("patient_id"))
            .unionByName(observationUpdate.touched("patient_id"))
            .filter(col("patient_id").isNotNull())
            .distinct(),
        encounterUpdate.touched("encounter_id")
            .unionByName(conditionUpdate.touched("encounter_id"))
            .unionByName(observationUpdate.touched("encounter_id"))
            .filter(col("encounter_id").isNotNull())
            .distinct());

    // Everything above is materialised: from here on the writes change what a lazy plan would read.
    Concurrently.run(
        () -> writeHospitals(dimHospital, changedHospitals),
        () -> writePatients(patientRows),
        () -> write(SilverTables.FCT_ENCOUNTER, encounterUpdate),
        () -> write(SilverTables.FCT_CONDITION, conditionUpdate),
        () -> write(SilverTables.FCT_OBSERVATION, observationUpdate));
    return new SilverChanges(
        new SilverTables(
            snapshot(SilverTables.DIM_HOSPITAL, tenants, dimHospital),
            snapshot(SilverTables.DIM_PATIENT, tenants, patientRows),
            snapshot(SilverTables.FCT_ENCOUNTER, tenants, encounterUpdate.rows()),
            snapshot(SilverTables.FCT_CONDITION, tenants, conditionUpdate.rows()),
            snapshot(SilverTables.FCT_OBSERVATION, tenants, observationUpdate.rows())),
        affected.get(0),
        affected.get(1));
  }

  /**
   * Rows of a derived table to write again, materialised, with what they pointed at before and after.
   *
   * @param rows the derived rows
   * @param previousTargets {@code tenant_id, patient_id, encounter_id} of the same keys' rows before this run
   *     (absent for new keys)
   */
  private record Rederived(Dataset<Row> rows, Dataset<Row> previousTargets) {

    /** {@code tenant_id} and the column's values before and after, so a fact that moved touches both sides. */
    Dataset<Row> touched(String column) {
      return rows.select(col("tenant_id"), col(column))
          .unionByName(previousTargets.select(col("tenant_id"), col(column)));
    }
  }

  /**
   * A derived table's keys to derive again and its committed rows.
   *
   * @param idColumn the table's key column, the Bronze {@code resource_id}
   */
  private record FactKeys(Dataset<Row> keys, Dataset<Row> previousRows, String idColumn) {

    Dataset<Row> bronzeRows(Dataset<Row> bronze) {
      return semiJoin(bronze, keys.withColumnRenamed(idColumn, "resource_id"), "resource_id");
    }
  }

  /** Conditions and observations: their own changes, their patient's or encounter's changes, unresolved references. */
  private FactKeys factKeys(Collection<String> tenants, LakeTable table, String idColumn, Dataset<Row> bronzeRows,
      Dataset<Row> derivedShape, Dataset<Row> runIngestions, Dataset<Row> changedPatients, Dataset<Row> changedEncounters) {
    return rederived(tenants, table, idColumn, ids(changed(bronzeRows, runIngestions), "resource_id", idColumn),
        derivedShape, List.of(Map.entry("patient_id", changedPatients), Map.entry("encounter_id", changedEncounters)),
        unresolved("patient_ref", "patient_id").or(unresolved("encounter_ref", "encounter_id")));
  }

  private static ReferenceIndex lookup(ReferenceIndex index, boolean fewRows) {
    return fewRows ? index.lookingUpOnlyWhatIsUsed() : index.materialised();
  }

  /**
   * The keys to derive again: the changed ones, those whose previous row points at a changed target,
   * and those whose previous row has an unresolved reference.
   *
   * @param derivedShape the table's rows as derived, for the shape of a table not yet written
   * @param changedTargets column of the previous row → {@code tenant_id} and that column's changed values
   */
  private FactKeys rederived(Collection<String> tenants, LakeTable table, String idColumn, Dataset<Row> changedKeys,
      Dataset<Row> derivedShape, List<Map.Entry<String, Dataset<Row>>> changedTargets, Column isUnresolved) {
    Dataset<Row> previousRows = snapshot(table, tenants, derivedShape);
    Dataset<Row> keys = changedKeys.unionByName(previousRows.filter(isUnresolved).select(col("tenant_id"), col(idColumn)));
    for (Map.Entry<String, Dataset<Row>> target : changedTargets) {
      keys = keys.unionByName(semiJoin(previousRows, target.getValue(), target.getKey())
          .select(col("tenant_id"), col(idColumn)));
    }
    // Materialised: the derivation and both affected sets read the keys, and each scan of them is a
    // scan of the tenant's Silver table.
    return new FactKeys(keys.distinct().localCheckpoint(), previousRows, idColumn);
  }

  /** Materialised, so that the affected sets read what the keys pointed at before without deriving it again. */
  private static Rederived rederive(Dataset<Row> derived, FactKeys keys) {
    return new Rederived(derived.localCheckpoint(), semiJoin(keys.previousRows(), keys.keys(), keys.idColumn())
        .select(col("tenant_id"), col("patient_id"), col("encounter_id"))
        .localCheckpoint());
  }

  /** Bronze rows whose winning version came from one of the run's inputs. */
  private static Dataset<Row> changed(Dataset<Row> bronzeRows, Dataset<Row> runIngestions) {
    return bronzeRows.join(broadcast(runIngestions),
        JavaConverters.asScalaBuffer(List.of("tenant_id", "ingestion_id")).toSeq(), "left_semi");
  }

  /** Hospitals whose time zone differs from the one their Silver rows were computed with. */
  private static Dataset<Row> timeZoneChanged(Dataset<Row> previousHospitals, Dataset<Row> dimHospital) {
    Dataset<Row> before = previousHospitals.select(
        col("tenant_id").as("before_tenant_id"), col("hospital_id").as("before_hospital_id"),
        col("time_zone").as("before_time_zone"));
    return dimHospital.join(before, col("tenant_id").equalTo(col("before_tenant_id"))
            .and(col("hospital_id").equalTo(col("before_hospital_id"))))
        .filter(col("time_zone").notEqual(col("before_time_zone")))
        .select(col("tenant_id"), col("hospital_id"));
  }

  private static Dataset<Row> ids(Dataset<Row> rows, String idColumn, String as) {
    return rows.select(col("tenant_id"), col(idColumn).as(as));
  }

  /** @param keys materialised */
  private static Dataset<Row> semiJoin(Dataset<Row> rows, Dataset<Row> keys, String keyColumn) {
    return KeyJoins.withKeysIn(rows, keys, "tenant_id", keyColumn);
  }

  private static Column unresolved(String referenceColumn, String resolvedColumn) {
    return col(referenceColumn).isNotNull().and(col(resolvedColumn).isNull());
  }

  /**
   * The table's committed rows behind a short query plan; none, in the derived shape, for a table not
   * yet written (Hudi creates no table for a first write without rows).
   */
  private Dataset<Row> snapshot(LakeTable table, Collection<String> tenants, Dataset<Row> derivedShape) {
    return lake.read(table, tenants).orElseGet(() -> derivedShape.limit(0));
  }

  /** The tenants' hospitals written again whole when any changed (or the table is new): a few rows per tenant. */
  private void writeHospitals(Dataset<Row> dimHospital, Dataset<Row> changedHospitals) {
    if (!lake.exists(SilverTables.DIM_HOSPITAL) || !changedHospitals.isEmpty()) {
      lake.replaceTenants(SilverTables.DIM_HOSPITAL, dimHospital);
    }
  }

  private void writePatients(Dataset<Row> patientRows) {
    if (!patientRows.isEmpty()) {
      lake.upsertOrInsertNew(SilverTables.DIM_PATIENT, patientRows);
    }
  }

  /** An insert when none of the rows' keys had a row before (new resources, a first run), else an upsert. */
  private void write(LakeTable table, Rederived update) {
    if (update.rows().isEmpty()) {
      return;
    }
    if (update.previousTargets().isEmpty()) {
      lake.insertNew(table, update.rows());
    } else {
      lake.upsert(table, update.rows());
    }
  }

  static Dataset<Row> dimHospital(Dataset<Row> organizations, Map<String, Map<String, String>> hospitalTimeZones) {
    List<Row> zoneRows = new ArrayList<>();
    hospitalTimeZones.forEach((tenant, hospitals) ->
        hospitals.forEach((hospital, zone) -> zoneRows.add(RowFactory.create(tenant, hospital, zone))));
    Dataset<Row> zones = organizations.sparkSession().createDataFrame(zoneRows, TIME_ZONE_SCHEMA);
    Column sameHospital = col("tenant_id").equalTo(col("zone_tenant_id"))
        .and(col("resource_id").equalTo(col("zone_hospital_id")));
    return organizations.join(broadcast(zones), sameHospital, "left_outer").select(
        col("tenant_id"),
        col("resource_id").as("hospital_id"),
        col("name"),
        col("ccn"),
        col("state"),
        coalesce(col("configured_time_zone"), lit(DEFAULT_TIME_ZONE)).as("time_zone"));
  }

  static Dataset<Row> dimPatient(Dataset<Row> patients) {
    return patients.select(
        col("tenant_id"),
        col("resource_id").as("patient_id"),
        col("gender"),
        col("birth_date"),
        col("deceased_time"),
        col("is_deceased"));
  }

  static Dataset<Row> fctEncounter(
      Dataset<Row> encounters,
      ReferenceIndex patientIndex,
      ReferenceIndex organizationIndex,
      ReferenceIndex practitionerIndex,
      Dataset<Row> dimHospital) {
    Dataset<Row> hospitalTimeZones = dimHospital.select(
        col("tenant_id").as("tz_tenant_id"), col("hospital_id").as("tz_hospital_id"), col("time_zone"));
    Dataset<Row> resolved = ReferenceIndex.withResolvedReferences(encounters,
        new Resolution(patientIndex, "patient_ref", "patient_id"),
        new Resolution(organizationIndex, "hospital_ref", "hospital_id"),
        new Resolution(practitionerIndex, "practitioner_ref", "practitioner_id"));
    Column sameHospital = resolved.col("tenant_id").equalTo(hospitalTimeZones.col("tz_tenant_id"))
        .and(resolved.col("hospital_id").equalTo(hospitalTimeZones.col("tz_hospital_id")));
    return resolved.join(hospitalTimeZones, sameHospital, "left_outer")
        .withColumn("hospital_time_zone", coalesce(col("time_zone"), lit(DEFAULT_TIME_ZONE)))
        .select(
            col("tenant_id"),
            col("encounter_id"),
            // Lineage: the submission the encounter's winning version came from.
            col("ingestion_id"),
            col("patient_id"),
            col("hospital_id"),
            col("practitioner_id"),
            col("status"),
            col("encounter_class"),
            col("admission_time"),
            col("discharge_time"),
            localDate(col("admission_time")).as("admit_date"),
            localDate(col("discharge_time")).as("discharge_date"),
            col("hospital_time_zone").as("time_zone"),
            col("discharge_disposition_system"),
            col("discharge_disposition_code"),
            col("admit_source_code"),
            col("department"),
            col("participant_role"),
            col("practitioner_ref"),
            col("hospital_ref"),
            col("patient_ref"));
  }

  static Dataset<Row> fctCondition(
      Dataset<Row> conditions, ReferenceIndex patientIndex, ReferenceIndex encounterIndex) {
    return ReferenceIndex.withResolvedReferences(conditions,
            new Resolution(patientIndex, "patient_ref", "patient_id"),
            new Resolution(encounterIndex, "encounter_ref", "encounter_id"))
        .select(
            col("tenant_id"),
            col("resource_id").as("condition_id"),
            col("patient_id"),
            col("encounter_id"),
            col("code_system"),
            col("code"),
            col("codings"),
            col("verification_status"),
            col("onset_time"),
            col("patient_ref"),
            col("encounter_ref"));
  }

  static Dataset<Row> fctObservation(
      Dataset<Row> observations, ReferenceIndex patientIndex, ReferenceIndex encounterIndex) {
    return ReferenceIndex.withResolvedReferences(observations,
            new Resolution(patientIndex, "patient_ref", "patient_id"),
            new Resolution(encounterIndex, "encounter_ref", "encounter_id"))
        .select(
            col("tenant_id"),
            col("resource_id").as("observation_id"),
            col("patient_id"),
            col("encounter_id"),
            col("status"),
            col("code_system"),
            col("code"),
            col("codings"),
            col("effective_time"),
            col("patient_ref"),
            col("encounter_ref"));
  }

  private static Column localDate(Column instant) {
    return to_date(from_utc_timestamp(instant, col("hospital_time_zone")));
  }
}
