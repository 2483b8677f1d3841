package io.metriccare.etl.silver;

import io.metriccare.etl.lake.LakeTable;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The conformed Silver tables of the recomputed tenants, as Gold consumes them. */
public record SilverTables(
    Dataset<Row> dimHospital,
    Dataset<Row> dimPatient,
    Dataset<Row> fctEncounter,
    Dataset<Row> fctCondition,
    Dataset<Row> fctObservation) {

  public static final LakeTable DIM_HOSPITAL = LakeTable.keyedBy("silver/dim_hospital", "tenant_id", "hospital_id");
  public static final LakeTable DIM_PATIENT = LakeTable.keyedBy("silver/dim_patient", "tenant_id", "patient_id");
  public static final LakeTable FCT_ENCOUNTER = LakeTable.keyedBy("silver/fct_encounter", "tenant_id", "encounter_id");
  public static final LakeTable FCT_CONDITION = LakeTable.keyedBy("silver/fct_condition", "tenant_id", "condition_id");
  public static final LakeTable FCT_OBSERVATION =
      LakeTable.keyedBy("silver/fct_observation", "tenant_id", "observation_id");

  public static final List<LakeTable> ALL =
      List.of(DIM_HOSPITAL, DIM_PATIENT, FCT_ENCOUNTER, FCT_CONDITION, FCT_OBSERVATION);
}
