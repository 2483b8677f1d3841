package io.metriccare.api.etl;

/**
 * The engine's part of a run manifest (see etl-engine/README.md).
 *
 * @param profile        {@code local} or {@code aws}: the engine's Hudi tuning, and Glue catalog sync on aws
 * @param sparkMaster    the Spark master, or {@code null} where the platform sets it (EMR Serverless)
 * @param lakeRoot       the lake the job reads raw objects from and writes tables to
 * @param outputLocation where the job writes its publish-ready output
 * @param glueDatabase   the Glue Data Catalog database the aws profile syncs to, or {@code null} for none
 */
record EngineTarget(String profile, String sparkMaster, String lakeRoot, String outputLocation, String glueDatabase) {
}
