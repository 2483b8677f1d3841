package io.metriccare.api.etl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.metriccare.ingest.ledger.IngestionEntry;
import io.metriccare.ingest.ledger.IngestionLedger;
import io.metriccare.tenancy.hospital.HospitalRegistry;
import io.metriccare.tenancy.settings.TenantSettingsRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Carries one queued run through: take the tenants' unprocessed submissions, write the manifest,
 * run the engine, publish its output. Submissions that arrive meanwhile wait for the next run.
 * A purge run has no tenants to recompute, so it publishes nothing but its summary.
 */
@Component
class RunExecution {

    private static final Logger log = LoggerFactory.getLogger(RunExecution.class);

    private final EtlRunRepository runs;
    private final IngestionLedger ledger;
    private final HospitalRegistry hospitals;
    private final TenantSettingsRepository settings;
    private final EtlEngine engine;
    private final KpiPublisher publisher;
    private final EtlProperties etl;
    private final JsonMapper json;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    RunExecution(EtlRunRepository runs, IngestionLedger ledger, HospitalRegistry hospitals, TenantSettingsRepository settings,
                 EtlEngine engine, KpiPublisher publisher, EtlProperties etl, JsonMapper json, Clock clock,
                 ApplicationEventPublisher events) {
        this.runs = runs;
        this.ledger = ledger;
        this.hospitals = hospitals;
        this.settings = settings;
        this.engine = engine;
        this.publisher = publisher;
        this.etl = etl;
        this.json = json;
        this.clock = clock;
        this.events = events;
    }

    void execute(EtlRun run) {
        try {
            List<IngestionEntry> inputs = ledger.unprocessed(run.tenantIds());
            if (!runs.markRunning(run.runId(), inputs.size(), clock.instant())) {
                log.info("Run {} was cancelled before it started", run.runId());
                return;
            }
            log.info("Run {} started for tenants {} with {} new submissions", run.runId(), run.tenantIds(), inputs.size());
            Path runDir = Files.createDirectories(etl.workDir().toAbsolutePath().resolve(run.runId().toString()));
            EngineJob job = new EngineJob(run.runId(), runDir.resolve("manifest.json"), runDir);
            writeManifest(run, inputs, job, engine.target(job));
            engine.execute(job);
            GoldOutput gold = GoldOutput.read(job.output(), json);
            publisher.publish(run.runId(), run.tenantIds(), inputs.stream().map(IngestionEntry::ingestionId).toList(), gold);
            log.info("Run {} published {} KPI facts", run.runId(), gold.kpis().size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // A run cancelled on request is already marked cancelled; this only marks runs the shutdown stopped.
            runs.markFailed(run.runId(), "Run stopped: the service is shutting down", clock.instant());
        } catch (RuntimeException | IOException e) {
            log.warn("Run {} failed: {}", run.runId(), e.getMessage());
            runs.markFailed(run.runId(), e.getMessage(), clock.instant());
        }
        runs.find(run.runId()).map(EtlRunFinished::of).ifPresent(events::publishEvent);
    }

    private void writeManifest(EtlRun run, List<IngestionEntry> inputs, EngineJob job, EngineTarget target) {
        RunManifest manifest = new RunManifest(
                run.runId(),
                target.profile(),
                target.sparkMaster(),
                target.lakeRoot(),
                target.outputLocation(),
                run.tenantIds(),
                run.dataThroughDates(),
                hospitals.timeZones(run.tenantIds()),
                settings.valueSets(run.tenantIds()),
                run.purgeTenantIds(),
                inputs.stream()
                        .map(entry -> new RunManifest.Input(entry.ingestionId(), entry.tenantId(), entry.objectKey(), entry.receivedAt()))
                        .toList(),
                target.glueDatabase(),
                runs.tenantsPublishedUpToDate(run.tenantIds(), run.runId()));
        try {
            Files.writeString(job.manifest(), json.writeValueAsString(manifest));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write run manifest: " + e.getMessage(), e);
        }
    }

    Path logOf(UUID runId) {
        return etl.workDir().toAbsolutePath().resolve(runId.toString()).resolve("engine.log");
    }
}
