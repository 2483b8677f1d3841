package io.metriccare.api.tenants;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A tenant's purge: how far it got, what each step removed, and why attempts failed.
 *
 * @param status    running, completed or failed (a failed purge resumes on the next DELETE or service start)
 * @param lakeRunId the ETL run that deletes the tenant's lake partitions; once done, its summary shows the lake after the purge
 * @param steps     lake, raw, database, tenant, in order
 * @param errors    every failed attempt, oldest first
 */
record TenantPurge(String tenantId, String status, Instant requestedAt, Instant finishedAt, UUID lakeRunId,
                   List<Step> steps, List<Failure> errors) {

    /**
     * @param status  pending, running or done
     * @param removed what the step removed: rows per lake table, raw objects, rows per database table, the tenant row
     */
    @Schema(name = "TenantPurgeStep")
    record Step(String name, String status, Map<String, Long> removed, Instant finishedAt) {
    }

    @Schema(name = "TenantPurgeFailure")
    record Failure(String step, Instant at, String message) {
    }

    boolean isRunning() {
        return status.equals("running");
    }

    boolean isCompleted() {
        return status.equals("completed");
    }

    /** The first step not done yet; empty when all are. */
    Optional<PurgeStep> nextStep() {
        return steps.stream().filter(step -> !step.status().equals("done")).findFirst()
                .map(step -> PurgeStep.valueOf(step.name().toUpperCase(Locale.ROOT)));
    }
}
