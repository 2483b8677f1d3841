package io.metriccare.ingest.bundle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import io.metriccare.ingest.ledger.IngestionEntry;
import io.metriccare.ingest.ledger.IngestionLedger;
import io.metriccare.ingest.storage.RawZone;
import io.metriccare.ingest.validation.InstanceValidations;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Accepts one FHIR submission for a tenant: validate, store the bytes as received in the raw zone,
 * then commit the ledger row. The object is written first so that a ledger row never points at
 * missing data; if the ledger write fails the object is removed again. A submission whose body or
 * Idempotency-Key the tenant already sent returns the earlier ingestion instead of a second copy;
 * the ledger's unique indexes make that hold for concurrent submissions too.
 * <p>
 * Under the tenant's {@code accept-valid-entries} policy, entries with findings are left out: the raw
 * object is the received Bundle without them (the other bytes unchanged), so the ETL never reads a
 * rejected entry, and the ledger row's counts and its rejected entries are recorded in one transaction.
 * With instance validation on, that transaction also queues the validation, which starts after commit.
 */
@Service
public class BundleIntake {

    /**
     * The ledger entry of a submission, whether it was an earlier one (a repeat stores nothing), and the
     * entries it was accepted without.
     */
    public record Receipt(IngestionEntry entry, boolean repeated, List<RejectedEntry> rejectedEntries) {
    }

    private final BundleReader reader;
    private final RawZone rawZone;
    private final IngestionLedger ledger;
    private final RejectedEntries rejectedEntries;
    private final InstanceValidations instanceValidations;
    private final TransactionOperations transactions;
    private final Clock clock;

    public BundleIntake(BundleReader reader, RawZone rawZone, IngestionLedger ledger, RejectedEntries rejectedEntries,
                        InstanceValidations instanceValidations, TransactionOperations transactions, Clock clock) {
        this.reader = reader;
        this.rawZone = rawZone;
        this.ledger = ledger;
        this.rejectedEntries = rejectedEntries;
        this.instanceValidations = instanceValidations;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Accepts a Bundle without an idempotency key under the default policy; a repeat returns the earlier entry. */
    public IngestionEntry accept(String tenantId, byte[] json, SubmissionKind kind) {
        return accept(tenantId, json, kind, IntakePolicy.DEFAULT);
    }

    /** Accepts a Bundle without an idempotency key; a repeat returns the earlier entry. */
    public IngestionEntry accept(String tenantId, byte[] json, SubmissionKind kind, IntakePolicy policy) {
        return submit(Submission.bundle(tenantId, json, kind, policy)).entry();
    }

    public Receipt submit(Submission submission) {
        ParsedBundle bundle;
        byte[] resourceBundle = null;
        if (submission.kind() == SubmissionKind.RESOURCE) {
            BundleReader.SingleResource single = reader.readResource(submission.json(), submission.resourceType());
            bundle = single.bundle();
            resourceBundle = single.bundleJson();
        } else {
            bundle = reader.read(submission.json(), submission.kind(), submission.policy().acceptValidEntries());
        }
        String sha256 = sha256(submission.json());
        Optional<IngestionEntry> earlier = ledger.findEarlier(submission.tenantId(), sha256, submission.idempotencyKey());
        if (earlier.isPresent()) {
            return repeat(earlier.get(), sha256, submission.idempotencyKey());
        }

        boolean gzipped = submission.gzipped() != null && resourceBundle == null;
        byte[] stored = rawObject(submission, bundle, resourceBundle, gzipped);
        UUID ingestionId = UUID.randomUUID();
        Instant receivedAt = clock.instant();
        String objectKey = rawZone.store(submission.tenantId(), LocalDate.ofInstant(receivedAt, ZoneOffset.UTC), ingestionId,
                stored, gzipped);
        IngestionEntry entry = new IngestionEntry(ingestionId, submission.tenantId(), receivedAt,
                submission.kind().name().toLowerCase(), bundle.bundleType(), objectKey, sha256, submission.idempotencyKey(),
                stored.length, bundle.resourceCounts(), "accepted", null);
        boolean recorded;
        try {
            recorded = Boolean.TRUE.equals(transactions.execute(status -> record(entry, bundle, submission.policy())));
        } catch (RuntimeException e) {
            rawZone.discard(objectKey);
            throw e;
        }
        if (!recorded) {
            rawZone.discard(objectKey);
            return repeat(ledger.findEarlier(submission.tenantId(), sha256, submission.idempotencyKey()).orElseThrow(),
                    sha256, submission.idempotencyKey());
        }
        if (submission.policy().instanceValidation()) {
            instanceValidations.start(entry.tenantId(), ingestionId);
        }
        return new Receipt(entry, false, bundle.rejectedEntries());
    }

    /** The ledger row with what belongs to it; false when an earlier (or concurrent) submission holds its place. */
    private boolean record(IngestionEntry entry, ParsedBundle bundle, IntakePolicy policy) {
        if (!ledger.recordIfNew(entry)) {
            return false;
        }
        rejectedEntries.record(entry.tenantId(), entry.ingestionId(), bundle.rejectedEntries());
        if (policy.instanceValidation()) {
            instanceValidations.enqueue(entry.tenantId(), entry.ingestionId());
        }
        return true;
    }

    private Receipt repeat(IngestionEntry earlier, String sha256, String idempotencyKey) {
        if (idempotencyKey != null && idempotencyKey.equals(earlier.idempotencyKey()) && !sha256.equals(earlier.sha256())) {
            throw new IdempotencyKeyReusedException(idempotencyKey, earlier.ingestionId());
        }
        return new Receipt(earlier, true, rejectedEntries.of(earlier.tenantId(), earlier.ingestionId()));
    }

    /** What the raw zone keeps: the wrapped single resource, the received Bundle without its rejected entries, or the body as received. */
    private static byte[] rawObject(Submission submission, ParsedBundle bundle, byte[] resourceBundle, boolean gzipped) {
        if (resourceBundle != null) {
            return resourceBundle;
        }
        if (!bundle.rejectedEntries().isEmpty()) {
            byte[] accepted = AcceptedEntries.of(submission.json(), bundle.rejectedEntries());
            return gzipped ? gzip(accepted) : accepted;
        }
        return gzipped ? submission.gzipped() : submission.json();
    }

    private static byte[] gzip(byte[] json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 4);
        try (GZIPOutputStream compressed = new GZIPOutputStream(out)) {
            compressed.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform provides SHA-256", e);
        }
    }
}
