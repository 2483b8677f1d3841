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
import io.metriccare.ingest.storage.LakeProperties;
import io.metriccare.tenancy.hospital.HospitalRegistry;
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
    private final EtlEngine engine;
    private final KpiPublisher publisher;
    private final EtlProperties etl;
    private final LakeProperties lake;
    private final JsonMapper json;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    RunExecution(EtlRunRepository runs, IngestionLedger ledger, HospitalRegistry hospitals, EtlEngine engine,
                 KpiPublisher publisher, EtlProperties etl, LakeProperties lake, JsonMapper json, Clock clock,
                 ApplicationEventPublisher events) {
        this.runs = runs;
        this.ledger = ledger;
        this.hospitals = hospitals;
        this.engine = engine;
        this.publisher = publisher;
        this.etl = etl;
        this.lake = lake;
        this.json = json;
        this.clock = clock;
        this.events = events;
    }

    void execute(EtlRun run) {
        try {
            List<IngestionEntry> inputs = ledger.unprocessed(run.tenantIds());
            runs.markRunning(run.runId(), inputs.size(), clock.instant());
            log.info("Run {} started for tenants {} with {} new submissions", run.runId(), run.tenantIds(), inputs.size());
            Path runDir = Files.createDirectories(etl.workDir().toAbsolutePath().resolve(run.runId().toString()));
            Path output = runDir.resolve("output");
            Path manifest = writeManifest(run, inputs, runDir, output);
            engine.execute(new EngineJob(run.runId(), manifest, runDir));
            GoldOutput gold = GoldOutput.read(output, json);
            publisher.publish(run.runId(), run.tenantIds(), inputs.stream().map(IngestionEntry::ingestionId).toList(), gold);
            log.info("Run {} published {} KPI facts", run.runId(), gold.kpis().size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            runs.markFailed(run.runId(), "Run cancelled: the service is shutting down", clock.instant());
        } catch (RuntimeException | IOException e) {
            log.warn("Run {} failed: {}", run.runId(), e.getMessage());
            runs.markFailed(run.runId(), e.getMessage(), clock.instant());
        }
        runs.find(run.runId()).map(EtlRunFinished::of).ifPresent(events::publishEvent);
    }

    private Path writeManifest(EtlRun run, List<IngestionEntry> inputs, Path runDir, Path output) {
        RunManifest manifest = new RunManifest(
                run.runId(),
                "local",
                etl.local().sparkMaster(),
                lake.root().toAbsolutePath().normalize().toString(),
                output.toString(),
                run.tenantIds(),
                run.dataThroughDates(),
                hospitals.timeZones(run.tenantIds()),
                run.purgeTenantIds(),
                inputs.stream()
                        .map(entry -> new RunManifest.Input(entry.ingestionId(), entry.tenantId(), entry.objectKey(), entry.receivedAt()))
                        .toList());
        Path file = runDir.resolve("manifest.json");
        try {
            Files.writeString(file, json.writeValueAsString(manifest));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write run manifest: " + e.getMessage(), e);
        }
        return file;
    }

    Path logOf(UUID runId) {
        return etl.workDir().toAbsolutePath().resolve(runId.toString()).resolve("engine.log");
    }
}
