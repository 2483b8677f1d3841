package io.metriccare.ingest.validation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import io.metriccare.ingest.storage.ObjectStore;
import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.database.DatabaseTenantScope;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Opt-in instance validation of accepted submissions, off the request path. The intake queues a job in
 * the transaction of the ledger row and starts it after commit; {@code metriccare.ingest.instance-validation.threads}
 * workers read the raw object back and run the {@link InstanceValidator}. Validation never changes or
 * fails an ingestion: a validator failure marks only the job failed. Jobs a stopped process left pending
 * or running are picked up again when the service starts.
 */
@Service
@EnableConfigurationProperties(InstanceValidationProperties.class)
public class InstanceValidations {

    private static final Logger log = LoggerFactory.getLogger(InstanceValidations.class);
    /** Ledger submission kinds whose raw object is a Bundle the intake wrapped around the client's resources. */
    private static final Set<String> WRAPPED_RESOURCES = Set.of("resource", "bulk");

    private final ValidationJobs jobs;
    private final ObjectStore objectStore;
    private final InstanceValidator validator;
    private final JsonMapper json;
    private final Clock clock;
    private final DatabaseTenantScope databaseScope;
    private final ExecutorService workers;

    InstanceValidations(ValidationJobs jobs, ObjectStore objectStore, InstanceValidator validator, JsonMapper json, Clock clock,
                        InstanceValidationProperties properties, DatabaseTenantScope databaseScope) {
        this.jobs = jobs;
        this.databaseScope = databaseScope;
        this.objectStore = objectStore;
        this.validator = validator;
        this.json = json;
        this.clock = clock;
        AtomicInteger threadNumber = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(properties.threads(), runnable -> {
            Thread thread = new Thread(runnable, "instance-validation-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Queues the validation of an ingestion; call in the transaction that records it, and {@link #start} after commit. */
    public void enqueue(String tenantId, UUID ingestionId) {
        jobs.enqueue(new ValidationJobs.Job(tenantId, ingestionId), clock.instant());
    }

    /** Starts a queued validation in the background; one the stopping service cannot start stays pending. */
    public void start(String tenantId, UUID ingestionId) {
        ValidationJobs.Job job = new ValidationJobs.Job(tenantId, ingestionId);
        try {
            workers.execute(() -> databaseScope.runAs(new TenantId(tenantId), () -> run(job)));
        } catch (RejectedExecutionException e) {
            log.warn("Instance validation of ingestion {} stays pending: the service is stopping", ingestionId);
        }
    }

    /** The validation of the tenant's ingestion; empty when none was queued (the tenant had instance validation off). */
    public Optional<InstanceValidation> find(String tenantId, UUID ingestionId) {
        return jobs.find(tenantId, ingestionId);
    }

    @EventListener(ApplicationReadyEvent.class)
    void resumeUnfinished() {
        List<ValidationJobs.Job> pending = databaseScope.callAsPlatform(jobs::pendingAfterRestart);
        if (!pending.isEmpty()) {
            log.info("Resuming {} instance validations a previous service process left unfinished", pending.size());
        }
        pending.forEach(job -> start(job.tenantId(), job.ingestionId()));
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    private void run(ValidationJobs.Job job) {
        Optional<ValidationJobs.Claimed> claimed = jobs.claim(job, clock.instant());
        if (claimed.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        try {
            Findings findings = Findings.of(validate(claimed.get()));
            jobs.complete(job, findings, clock.instant());
            log.info("Instance validation of ingestion {} of tenant {} done in {} ms: {} errors, {} warnings, {} information",
                    job.ingestionId(), job.tenantId(), (System.nanoTime() - started) / 1_000_000, findings.errors(),
                    findings.warnings(), findings.information());
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // a pathological or huge submission must fail its own job, not stop the worker or retry on every restart
            log.error("Instance validation of ingestion {} of tenant {} failed", job.ingestionId(), job.tenantId(), e);
            jobs.fail(job, "Cannot validate ingestion: the validator failed (%s)".formatted(e), clock.instant());
        }
    }

    /**
     * Validates what the client sent: the stored Bundle, or, when the raw zone wrapped the client's
     * resources in a collection Bundle (a single posted resource, an NDJSON batch), each resource on its
     * own, so the wrapper's own shortcomings (entries without fullUrl) are not reported. A single
     * resource's locations are the resource's; a batch's are relocated into the stored Bundle.
     */
    private List<ValidationIssue> validate(ValidationJobs.Claimed claimed) {
        byte[] stored = objectStore.get(claimed.objectKey());
        String bundle = new String(claimed.objectKey().endsWith(".gz") ? gunzip(stored) : stored, StandardCharsets.UTF_8);
        if (!WRAPPED_RESOURCES.contains(claimed.submissionKind())) {
            return validator.validate(bundle);
        }
        List<JsonNode> entries = json.readTree(bundle).get("entry").valueStream().toList();
        if (entries.size() == 1) {
            return validator.validate(json.writeValueAsString(entries.get(0).get("resource")));
        }
        List<ValidationIssue> issues = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String entryPath = "Bundle.entry[%d].resource".formatted(i);
            validator.validate(json.writeValueAsString(entries.get(i).get("resource"))).stream()
                    .map(issue -> issue.relocatedTo(entryPath))
                    .forEach(issues::add);
        }
        return issues;
    }

    private static byte[] gunzip(byte[] gzipped) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read raw object: it is not valid gzip", e);
        }
    }
}
