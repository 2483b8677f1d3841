package io.metriccare.api.etl;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.metriccare.tenancy.settings.KpiValueSets;

/**
 * What the engine job reads: the contract of {@code io.metriccare.etl.EtlMain --manifest} (see etl-engine/README.md).
 *
 * @param hospitalTimeZones per tenant, hospital id → IANA zone id, as the hospital registry holds them
 * @param valueSets         per tenant that replaces any, its KPI value sets; the others are computed on the platform's
 * @param purgeTenants      tenants whose partitions the engine deletes from every lake table
 * @param glueDatabase      the Glue Data Catalog database the aws profile syncs the lake's tables to; null locally
 * @param lineageDeltaTenants tenants whose serving tables hold the lake's Gold as the run starts: the engine's lineage
 *                          output for them carries only what the run replaces
 */
record RunManifest(
        UUID runId,
        String profile,
        String sparkMaster,
        String lakeRoot,
        String outputLocation,
        List<String> tenants,
        Map<String, LocalDate> dataThroughDates,
        Map<String, Map<String, String>> hospitalTimeZones,
        Map<String, KpiValueSets> valueSets,
        List<String> purgeTenants,
        List<Input> inputs,
        String glueDatabase,
        Set<String> lineageDeltaTenants) {

    record Input(UUID ingestionId, String tenantId, String objectKey, Instant receivedAt) {
    }
}
