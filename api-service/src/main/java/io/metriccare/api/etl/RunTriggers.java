package io.metriccare.api.etl;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.metriccare.ingest.ledger.IngestionLedger;
import io.metriccare.tenancy.Tenant;
import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.TenantRegistry;
import io.metriccare.tenancy.database.DatabaseTenantScope;
import io.metriccare.tenancy.settings.TenantSettingsRepository;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;

/**
 * Starts runs without a request ({@code metriccare.etl.triggers}): every tick, each active tenant with
 * unprocessed submissions and no queued or running run gets one when its {@link TriggerRule} says so.
 * Runs still go through the one queue of {@link EtlRuns}, so they never overlap.
 */
@Component
class RunTriggers {

    private static final Logger log = LoggerFactory.getLogger(RunTriggers.class);

    private final EtlRuns runs;
    private final EtlRunRepository runRepository;
    private final IngestionLedger ledger;
    private final TenantRegistry tenants;
    private final TenantSettingsRepository settings;
    private final EtlProperties etl;
    private final DatabaseTenantScope databaseScope;
    private final Clock clock;
    private final Instant startedAt;
    /** A tenant's last automatic run in this process; the process start until it has had one. */
    private final Map<String, Instant> lastTriggered = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker =
            Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "etl-triggers"));

    RunTriggers(EtlRuns runs, EtlRunRepository runRepository, IngestionLedger ledger, TenantRegistry tenants,
                TenantSettingsRepository settings, EtlProperties etl, DatabaseTenantScope databaseScope, Clock clock) {
        this.runs = runs;
        this.runRepository = runRepository;
        this.ledger = ledger;
        this.tenants = tenants;
        this.settings = settings;
        this.etl = etl;
        this.databaseScope = databaseScope;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    @PostConstruct
    void start() {
        if (etl.triggers().enabled()) {
            long tick = etl.triggers().tick().toMillis();
            // Platform work: it looks at every tenant's ledger and runs.
            ticker.scheduleWithFixedDelay(() -> databaseScope.runAsPlatform(this::tick), tick, tick, TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    void stop() {
        ticker.shutdownNow();
    }

    private void tick() {
        try {
            Instant now = clock.instant();
            Set<String> busy = runRepository.tenantsOfUnfinishedRuns();
            ledger.newestUnprocessedByTenant().forEach((tenantId, newest) -> {
                if (!busy.contains(tenantId) && isActive(tenantId)) {
                    rule(tenantId).due(lastTriggered.getOrDefault(tenantId, startedAt), newest, now)
                            .ifPresent(reason -> trigger(tenantId, reason, now));
                }
            });
        } catch (RuntimeException e) {
            // Thrown out of the scheduled task, it would end every later tick.
            log.error("ETL triggers failed; trying again at the next tick", e);
        }
    }

    private void trigger(String tenantId, String reason, Instant now) {
        EtlRun run = runs.start(List.of(tenantId), Map.of());
        lastTriggered.put(tenantId, now);
        log.info("Run {} queued for tenant {}: {}", run.runId(), tenantId, reason);
    }

    private TriggerRule rule(String tenantId) {
        String schedule = settings.find(new TenantId(tenantId)).etlScheduleOr(etl.schedule());
        return new TriggerRule(CronExpression.parse(schedule), etl.triggers().onNewData(), etl.triggers().debounce());
    }

    private boolean isActive(String tenantId) {
        return tenants.find(new TenantId(tenantId)).filter(Tenant::isActive).isPresent();
    }
}
