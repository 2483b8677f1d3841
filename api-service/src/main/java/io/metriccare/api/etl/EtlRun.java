package io.metriccare.api.etl;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * An ETL run: which tenants it recomputes, with what data-through dates, and how it went.
 *
 * @param purgeTenantIds tenants whose lake partitions the run deletes (the lake step of a tenant purge);
 *                       empty for a run that computes KPIs
 * @param summary        the engine's run summary (stage timings, row counts per table and tenant, rows
 *                       purged per table), once succeeded
 */
public record EtlRun(
        UUID runId,
        List<String> tenantIds,
        Map<String, LocalDate> dataThroughDates,
        List<String> purgeTenantIds,
        String engine,
        String status,
        Instant requestedAt,
        Instant startedAt,
        Instant finishedAt,
        Integer inputCount,
        JsonNode summary,
        String error) {
}
