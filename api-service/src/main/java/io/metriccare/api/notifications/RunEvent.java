package io.metriccare.api.notifications;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.metriccare.api.etl.EtlRunFinished;

/**
 * What a tenant is told about a run that ended: one event per tenant of the run, carrying only that
 * tenant's facts, as webhooks and SNS send it ({@code {id, type, occurredAt, data}}).
 *
 * @param id the same for the same run and tenant however often it is derived, so receivers can drop repeats
 */
record RunEvent(UUID id, String type, Instant occurredAt, Data data) {

    static final String SUCCEEDED = "run.succeeded";
    static final String FAILED = "run.failed";
    static final String CANCELLED = "run.cancelled";
    /** The event types a webhook can subscribe to. */
    static final List<String> TYPES = List.of(SUCCEEDED, FAILED, CANCELLED);

    /**
     * @param error     why the run failed; absent when it succeeded
     * @param rowCounts this tenant's committed rows per lake table after the run; absent when it failed
     */
    record Data(UUID runId, String tenantId, String status, String error, Map<String, Long> rowCounts) {
    }

    static List<RunEvent> perTenant(EtlRunFinished run) {
        return run.tenantIds().stream()
                .map(tenant -> new RunEvent(
                        UUID.nameUUIDFromBytes(("run:" + run.runId() + ":" + tenant).getBytes(StandardCharsets.UTF_8)),
                        "run." + run.status(),
                        run.finishedAt(),
                        new Data(run.runId(), tenant, run.status(), run.error(), run.rowCountsByTenant().get(tenant))))
                .toList();
    }
}
