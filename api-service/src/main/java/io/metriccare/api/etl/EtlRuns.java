package io.metriccare.api.etl;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.metriccare.api.problems.ConflictException;
import io.metriccare.api.problems.NotFoundException;
import io.metriccare.tenancy.Tenant;
import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.TenantRegistry;
import io.metriccare.tenancy.database.DatabaseTenantScope;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Starts and cancels ETL runs. Runs queue and execute one at a time, so two runs never write the same tables at once;
 * the lake step of a tenant purge is such a run too. Only active tenants are computed.
 */
@Service
public class EtlRuns {

    private static final Logger log = LoggerFactory.getLogger(EtlRuns.class);

    private final TenantRegistry tenants;
    private final EtlRunRepository runs;
    private final RunExecution execution;
    private final EtlEngine engine;
    private final Clock clock;
    private final DatabaseTenantScope databaseScope;
    private final ThreadPoolExecutor queue = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
            runnable -> new Thread(runnable, "etl-run"));
    /** Queued and running runs of this process, by run id, until they end. */
    private final Map<UUID, FutureTask<Void>> unfinished = new ConcurrentHashMap<>();

    EtlRuns(TenantRegistry tenants, EtlRunRepository runs, RunExecution execution, EtlEngine engine, Clock clock,
            DatabaseTenantScope databaseScope) {
        this.tenants = tenants;
        this.runs = runs;
        this.execution = execution;
        this.engine = engine;
        this.clock = clock;
        this.databaseScope = databaseScope;
    }

    /**
     * Queues a run for the given tenants (all active tenants when none are named).
     *
     * @param dataThroughDates per tenant, the KPI-SPEC §2 data-through date to use instead of the latest discharge
     */
    public EtlRun start(List<String> tenantIds, Map<String, LocalDate> dataThroughDates) {
        List<String> scope = tenantIds == null || tenantIds.isEmpty()
                ? tenants.list().stream().filter(Tenant::isActive).map(Tenant::id).map(TenantId::value).toList()
                : tenantIds.stream().map(tenants::requireActive).map(TenantId::value).distinct().toList();
        if (scope.isEmpty()) {
            throw new IllegalRunRequestException("Cannot start run: there is no tenant to run for");
        }
        Map<String, LocalDate> dates = dataThroughDates == null ? Map.of() : Map.copyOf(dataThroughDates);
        dates.keySet().stream().filter(tenant -> !scope.contains(tenant)).findFirst().ifPresent(tenant -> {
            throw new IllegalRunRequestException("Cannot start run: a data-through date names a tenant outside the run (%s)".formatted(tenant));
        });
        return enqueue(new EtlRun(UUID.randomUUID(), scope, dates, List.of(), engine.name(), "queued", clock.instant(),
                null, null, null, null, null, null, null));
    }

    /**
     * Queues a run that deletes the tenant's partitions from every lake table, behind any run queued
     * before it; its summary reports the rows removed per table ({@code purged}).
     */
    public EtlRun purge(TenantId tenant) {
        return enqueue(new EtlRun(UUID.randomUUID(), List.of(), Map.of(), List.of(tenant.value()), engine.name(), "queued",
                clock.instant(), null, null, null, null, null, null, null));
    }

    private EtlRun enqueue(EtlRun run) {
        runs.insert(run);
        // platform scope: a run reads and publishes several tenants' rows
        FutureTask<Void> task = new FutureTask<>(() -> databaseScope.runAsPlatform(() -> execution.execute(run)), null) {
            @Override
            protected void done() {
                unfinished.remove(run.runId());
            }
        };
        unfinished.put(run.runId(), task);
        queue.execute(task);
        return run;
    }

    /**
     * Cancels a queued or running run: a queued run never starts; a running run's engine is stopped. Either
     * way nothing is published and the run's inputs stay unprocessed, for the next run.
     */
    public EtlRun cancel(UUID runId) {
        get(runId);
        if (!runs.markCancelled(runId, clock.instant())) {
            throw new ConflictException("Cannot cancel ETL run: it has already ended as %s (%s)".formatted(get(runId).status(), runId));
        }
        FutureTask<Void> task = unfinished.get(runId);
        if (task != null) {
            queue.remove(task);
            // Interrupting the run's thread makes the engine stop its job before the next run may start.
            task.cancel(true);
        }
        log.info("Run {} cancelled", runId);
        return get(runId);
    }

    public EtlRun get(UUID runId) {
        return runs.find(runId).map(this::withProgress).orElseThrow(() -> new NotFoundException(
                "Cannot find ETL run: no run has this id (%s)".formatted(runId)));
    }

    public List<EtlRun> recent(int limit) {
        return runs.recent(limit).stream().map(this::withProgress).toList();
    }

    private EtlRun withProgress(EtlRun run) {
        if (!"running".equals(run.status())) {
            return run;
        }
        return RunProgress.fromEngineLog(execution.logOf(run.runId())).map(run::withProgress).orElse(run);
    }

    /** Before this service can queue anything: runs a previous process left unfinished can never finish. */
    @PostConstruct
    void failRunsOfPreviousProcess() {
        int failed = runs.failUnfinished(clock.instant());
        if (failed > 0) {
            log.warn("Marked {} runs failed that a previous service process left unfinished", failed);
        }
    }

    @PreDestroy
    void stop() {
        queue.shutdownNow();
    }
}
