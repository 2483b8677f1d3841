package io.metriccare.etl.silver;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Silver after a refresh, and what the refresh touched: Gold derives again exactly the stays of
 * these patients and encounters (their KPI contributions depend on nothing else but the tenant's
 * data-through date and value sets).
 *
 * @param tables the recomputed tenants' Silver tables as committed
 * @param patients {@code tenant_id, patient_id} of every patient a changed row belongs or belonged to
 * @param encounters {@code tenant_id, encounter_id} of every encounter derived again or pointed at by a changed fact
 */
public record SilverChanges(SilverTables tables, Dataset<Row> patients, Dataset<Row> encounters) {}
