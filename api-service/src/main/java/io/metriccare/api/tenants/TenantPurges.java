package io.metriccare.api.tenants;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.metriccare.api.etl.EtlRun;
import io.metriccare.api.etl.EtlRuns;
import io.metriccare.api.problems.NotFoundException;
import io.metriccare.ingest.bulk.BulkImports;
import io.metriccare.ingest.storage.RawZone;
import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.TenantRegistry;
import io.metriccare.tenancy.TenantStatus;
import io.metriccare.tenancy.database.DatabaseTenantScope;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Deletes tenants with everything they have: lake partitions, raw objects, database rows. A purge is
 * requested synchronously (the tenant turns {@code deleting}, which refuses its ingest and queries at
 * once) and carried out step by step on one background thread ({@link PurgeStep}). A step that has to
 * wait — for its engine run, for the tenant's bulk imports to finish — is checked again after
 * {@code metriccare.tenants.purge.poll-interval}; a step that fails marks the purge failed, and the
 * purge resumes where it stopped on the next DELETE or service start.
 */
@Service
class TenantPurges {

    private static final Logger log = LoggerFactory.getLogger(TenantPurges.class);
    private static final int MAX_ERROR_LENGTH = 2000;

    private final TenantRegistry tenants;
    private final TenantPurgeRepository purges;
    private final EtlRuns runs;
    private final RawZone rawZone;
    private final BulkImports bulkImports;
    private final TenantRows tenantRows;
    private final TransactionTemplate transactions;
    private final TenantPurgeProperties properties;
    private final Clock clock;
    private final DatabaseTenantScope databaseScope;
    private final ScheduledExecutorService worker =
            Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "tenant-purge"));
    /** Tenants with an advance pending on the worker, so repeated requests do not pile up polls. */
    private final Set<TenantId> scheduled = ConcurrentHashMap.newKeySet();

    TenantPurges(TenantRegistry tenants, TenantPurgeRepository purges, EtlRuns runs, RawZone rawZone, BulkImports bulkImports,
                 TenantRows tenantRows, TransactionTemplate transactions, TenantPurgeProperties properties, Clock clock,
                 DatabaseTenantScope databaseScope) {
        this.tenants = tenants;
        this.purges = purges;
        this.runs = runs;
        this.rawZone = rawZone;
        this.bulkImports = bulkImports;
        this.tenantRows = tenantRows;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
        this.databaseScope = databaseScope;
    }

    /**
     * Starts the tenant's purge, or resumes it when it failed; returns it as it stands. A tenant
     * already deleted gets its completed purge back.
     */
    TenantPurge request(TenantId tenant) {
        if (tenants.require(tenant).status() != TenantStatus.DELETED) {
            transactions.executeWithoutResult(tx -> {
                tenants.markDeleting(tenant);
                purges.insertIfAbsent(tenant, clock.instant());
                purges.resume(tenant);
            });
            schedule(tenant, Duration.ZERO);
        }
        return status(tenant);
    }

    TenantPurge status(TenantId tenant) {
        return purges.find(tenant).orElseThrow(() -> new NotFoundException(
                "Cannot find purge: tenant %s has not been deleted".formatted(tenant)));
    }

    @EventListener(ApplicationReadyEvent.class)
    void resumeUnfinished() {
        databaseScope.runAsPlatform(this::resumeAll);
    }

    private void resumeAll() {
        for (TenantPurge purge : purges.unfinished()) {
            TenantId tenant = new TenantId(purge.tenantId());
            log.info("Resuming the purge of tenant {}", tenant);
            if (purge.nextStep().filter(PurgeStep.LAKE::equals).isPresent()) {
                // Its lake run, if any, died with the previous process: the step queues a new one.
                purges.lakeRun(tenant, null);
            }
            purges.resume(tenant);
            schedule(tenant, Duration.ZERO);
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }

    private void schedule(TenantId tenant, Duration delay) {
        if (scheduled.add(tenant)) {
            // Purging is platform work: it reads and deletes across the tenant's rows and the run queue.
            worker.schedule(() -> databaseScope.runAsPlatform(() -> advance(tenant)), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Runs the purge's steps until one has to wait, fails, or the purge is complete. */
    private void advance(TenantId tenant) {
        scheduled.remove(tenant);
        PurgeStep step = null;
        try {
            for (TenantPurge purge = status(tenant); purge.isRunning(); purge = status(tenant)) {
                step = purge.nextStep().orElseThrow(() -> new IllegalStateException("Cannot purge: no step left to run"));
                if (!run(step, tenant, purge)) {
                    schedule(tenant, properties.pollInterval());
                    return;
                }
                log.info("Purge of tenant {}: step {} done", tenant, step.code());
            }
        } catch (RuntimeException e) {
            log.warn("Purge of tenant {} failed at step {}: {}", tenant, step, e.getMessage());
            purges.failed(tenant, step == null ? PurgeStep.LAKE : step, abbreviate(String.valueOf(e.getMessage())), clock.instant());
        }
    }

    /** Runs one step; false when it has to wait and should be tried again later. */
    private boolean run(PurgeStep step, TenantId tenant, TenantPurge purge) {
        switch (step) {
            case LAKE:
                return purgeLake(tenant, purge);
            case RAW:
                if (bulkImports.hasUnfinished(tenant.value())) {
                    log.info("Purge of tenant {}: waiting for its bulk imports to finish", tenant);
                    return false;
                }
                purges.stepDone(tenant, step, Map.of("objects", rawZone.purge(tenant.value())), clock.instant());
                return true;
            case DATABASE:
                transactions.executeWithoutResult(tx -> purges.stepDone(tenant, step, tenantRows.delete(tenant), clock.instant()));
                return true;
            case TENANT:
                transactions.executeWithoutResult(tx -> {
                    tenants.markDeleted(tenant);
                    purges.stepDone(tenant, step, Map.of("tenant", 1L), clock.instant());
                    purges.completed(tenant, clock.instant());
                });
                return true;
            default:
                throw new IllegalStateException("Cannot purge: unknown step " + step);
        }
    }

    /** Queues the engine run that deletes the tenant's lake partitions, then waits for it. */
    private boolean purgeLake(TenantId tenant, TenantPurge purge) {
        if (purge.lakeRunId() == null) {
            EtlRun run = runs.purge(tenant);
            purges.lakeRun(tenant, run.runId());
            log.info("Purge of tenant {}: lake run {} queued", tenant, run.runId());
            return false;
        }
        EtlRun run = runs.get(purge.lakeRunId());
        switch (run.status()) {
            case "succeeded":
                purges.stepDone(tenant, PurgeStep.LAKE, rowsRemoved(run.summary(), tenant), clock.instant());
                return true;
            case "failed":
                // The next attempt queues a new run: deleting partitions again is harmless.
                purges.lakeRun(tenant, null);
                throw new IllegalStateException("Cannot purge lake: run %s failed: %s".formatted(run.runId(), run.error()));
            default:
                return false;
        }
    }

    /** Per lake table, the rows of the tenant the run deleted, from its summary's {@code purged} section. */
    private static Map<String, Long> rowsRemoved(JsonNode summary, TenantId tenant) {
        Map<String, Long> removed = new LinkedHashMap<>();
        summary.path("purged").properties().forEach(table -> removed.put(table.getKey(), table.getValue().path(tenant.value()).asLong(0)));
        return removed;
    }

    private static String abbreviate(String message) {
        return message.length() > MAX_ERROR_LENGTH ? message.substring(0, MAX_ERROR_LENGTH) + "…" : message;
    }
}
