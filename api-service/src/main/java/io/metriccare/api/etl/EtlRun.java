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
 * @param status         queued, running, succeeded, failed or cancelled
 * @param stage          while running on an engine whose log reports its stages (the local engine): the stage
 *                       under way, bronze, silver, gold, quality, then publish
 * @param progress       with {@code stage}: the percentage of the engine's four stages finished (0, 25, 50, 75,
 *                       100); a count of stages, not of time, and Bronze usually takes longest
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
        String error,
        String stage,
        Integer progress) {

    EtlRun withProgress(RunProgress current) {
        return new EtlRun(runId, tenantIds, dataThroughDates, purgeTenantIds, engine, status, requestedAt, startedAt, finishedAt,
                inputCount, summary, error, current.stage(), current.percent());
    }
}
