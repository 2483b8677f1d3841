package io.metriccare.api.etl;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * An ETL run ended, published once its final state is committed: listeners see what the API shows.
 *
 * @param status            the final status ({@code succeeded} or {@code failed})
 * @param error             why the run failed; {@code null} when it succeeded
 * @param rowCountsByTenant per tenant, the committed row count of every lake table the run summary lists
 *                          (tenant → table → rows); empty when the run failed
 */
public record EtlRunFinished(UUID runId, List<String> tenantIds, String status, Instant finishedAt, String error,
                             Map<String, Map<String, Long>> rowCountsByTenant) {

    public EtlRunFinished {
        tenantIds = List.copyOf(tenantIds);
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        rowCountsByTenant.forEach((tenant, tables) -> counts.put(tenant, Collections.unmodifiableMap(new LinkedHashMap<>(tables))));
        rowCountsByTenant = Collections.unmodifiableMap(counts);
    }

    static EtlRunFinished of(EtlRun run) {
        return new EtlRunFinished(run.runId(), run.tenantIds(), run.status(), run.finishedAt(), run.error(),
                rowCountsByTenant(run.summary()));
    }

    /** The summary's {@code tables} (table → tenant → rows) turned around, keeping the tables' lake order. */
    private static Map<String, Map<String, Long>> rowCountsByTenant(JsonNode summary) {
        Map<String, Map<String, Long>> byTenant = new LinkedHashMap<>();
        if (summary == null) {
            return byTenant;
        }
        summary.path("tables").properties().forEach(table -> table.getValue().properties().forEach(count ->
                byTenant.computeIfAbsent(count.getKey(), tenant -> new LinkedHashMap<>())
                        .put(table.getKey(), count.getValue().asLong())));
        return byTenant;
    }
}
