package io.metriccare.ingest.bulk;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import ca.uhn.fhir.context.FhirContext;
import io.metriccare.ingest.bundle.BundleIntake;
import io.metriccare.ingest.bundle.IntakePolicy;
import io.metriccare.ingest.bundle.SubmissionKind;
import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.database.DatabaseTenantScope;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

/**
 * Bulk NDJSON imports of a tenant. A request body is spooled to a file (gunzipped on the way, up to
 * {@code metriccare.bulk-import.max-size}), then a job reads it line by line on this class's single
 * thread and hands the accepted resources to {@link BundleIntake} as collection Bundles of at most
 * {@value #BATCH_SIZE} resources: bulk data lands in the raw zone and the ledger like a posted collection
 * Bundle, recorded as submission kind {@code bulk}. Batches stored before a job fails stay stored and
 * are listed on the job.
 */
@Service
@EnableConfigurationProperties(BulkImportProperties.class)
public class BulkImports {

    static final int BATCH_SIZE = 1000;

    private static final Logger log = LoggerFactory.getLogger(BulkImports.class);

    private final BulkImportJobs jobs;
    private final BundleIntake intake;
    private final FhirContext fhirContext;
    private final BulkImportProperties properties;
    private final Spool spool;
    private final Clock clock;
    private final DatabaseTenantScope databaseScope;
    private final ExecutorService queue = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "bulk-import"));

    BulkImports(BulkImportJobs jobs, BundleIntake intake, FhirContext fhirContext, BulkImportProperties properties, Clock clock,
                DatabaseTenantScope databaseScope) {
        this.jobs = jobs;
        this.intake = intake;
        this.fhirContext = fhirContext;
        this.properties = properties;
        this.clock = clock;
        this.databaseScope = databaseScope;
        this.spool = new Spool(properties.spoolDirOrTemp(), properties.maxSize());
    }

    /**
     * Spools the body and queues its import.
     *
     * @param gzipped        whether the body is gzip-compressed ({@code Content-Encoding: gzip})
     * @param declaredLength the request's {@code Content-Length}, or -1 when unknown
     * @param instanceValidation whether the tenant has instance validation on: each stored batch is queued for it
     * @throws BulkImportTooLargeException   when the (decompressed) body exceeds the limit
     * @throws BulkImportUnreadableException when the body cannot be read, e.g. it is not gzip as declared
     */
    public BulkImportJob submit(String tenantId, InputStream body, boolean gzipped, long declaredLength, boolean instanceValidation) {
        if (!gzipped && declaredLength > properties.maxSize().toBytes()) {
            throw new BulkImportTooLargeException(properties.maxSize());
        }
        UUID jobId = UUID.randomUUID();
        Path spooled = spool.write(jobId, body, gzipped);
        BulkImportJob job = new BulkImportJob(jobId, tenantId, "queued", clock.instant(), null, 0, 0, 0, List.of(), List.of(), null);
        try {
            jobs.insert(job);
        } catch (RuntimeException e) {
            spool.discard(spooled);
            throw e;
        }
        try {
            // lines are rejected one by one whatever the tenant's policy, so the intake must refuse a batch, not trim it
            IntakePolicy policy = new IntakePolicy(false, instanceValidation);
            queue.submit(() -> databaseScope.runAs(new TenantId(job.tenantId()), () -> run(job, spooled, policy)));
        } catch (RejectedExecutionException e) {
            spool.discard(spooled);
            jobs.markFailed(jobId, "Import interrupted: the service stopped before it finished", clock.instant());
            throw e;
        }
        return job;
    }

    public Optional<BulkImportJob> find(String tenantId, UUID jobId) {
        return jobs.find(tenantId, jobId);
    }

    /** Whether an import of the tenant is queued or running, i.e. may still add to its raw zone and ledger. */
    public boolean hasUnfinished(String tenantId) {
        return jobs.hasUnfinished(tenantId);
    }

    private void run(BulkImportJob job, Path spooled, IntakePolicy policy) {
        long started = System.nanoTime();
        try (Reader lines = new InputStreamReader(Files.newInputStream(spooled), StandardCharsets.UTF_8)) {
            jobs.markRunning(job.jobId());
            ImportProgress result = new NdjsonReader(fhirContext, BATCH_SIZE).read(lines,
                    bundle -> intake.accept(job.tenantId(), bundle, SubmissionKind.BULK, policy).ingestionId(),
                    progress -> jobs.recordProgress(job.jobId(), progress));
            jobs.markCompleted(job.jobId(), result, clock.instant());
            log.info("Bulk import {} of tenant {} completed in {} ms: {} lines, {} accepted in {} ingestions, {} rejected",
                    job.jobId(), job.tenantId(), (System.nanoTime() - started) / 1_000_000, result.linesRead(),
                    result.resourcesAccepted(), result.ingestionIds().size(), result.resourcesRejected());
        } catch (InterruptedIOException e) {
            log.warn("Bulk import {} of tenant {} interrupted: the service is stopping", job.jobId(), job.tenantId());
            jobs.markFailed(job.jobId(), "Import interrupted: the service stopped before it finished", clock.instant());
        } catch (IOException | RuntimeException | Error e) {
            log.error("Bulk import {} of tenant {} failed", job.jobId(), job.tenantId(), e);
            jobs.markFailed(job.jobId(), "Cannot complete import: an internal error occurred (%s)".formatted(job.jobId()),
                    clock.instant());
            if (e instanceof Error error) {
                throw error;
            }
        } finally {
            spool.discard(spooled);
        }
    }

    /** Before this service queues anything: jobs a previous process left unfinished can never finish. */
    @PostConstruct
    void failJobsOfPreviousProcess() {
        List<UUID> failed = databaseScope.callAsPlatform(() -> jobs.failUnfinished(clock.instant()));
        failed.forEach(jobId -> spool.discard(spool.fileOf(jobId)));
        if (!failed.isEmpty()) {
            log.warn("Marked {} bulk imports failed that a previous service process left unfinished", failed.size());
        }
    }

    @PreDestroy
    void stop() {
        queue.shutdownNow();
    }
}
