package io.metriccare.ingest.bundle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

import io.metriccare.ingest.ledger.IngestionEntry;
import io.metriccare.ingest.ledger.IngestionLedger;
import io.metriccare.ingest.storage.RawZone;
import org.springframework.stereotype.Service;

/**
 * Accepts one FHIR submission for a tenant: validate, store the bytes as received in the raw zone,
 * then commit the ledger row. The object is written first so that a ledger row never points at
 * missing data; if the ledger write fails the object is removed again. A submission whose body or
 * Idempotency-Key the tenant already sent returns the earlier ingestion instead of a second copy;
 * the ledger's unique indexes make that hold for concurrent submissions too.
 */
@Service
public class BundleIntake {

    /** The ledger entry of a submission, and whether it was an earlier one (a repeat stores nothing). */
    public record Receipt(IngestionEntry entry, boolean repeated) {
    }

    private final BundleReader reader;
    private final RawZone rawZone;
    private final IngestionLedger ledger;
    private final Clock clock;

    public BundleIntake(BundleReader reader, RawZone rawZone, IngestionLedger ledger, Clock clock) {
        this.reader = reader;
        this.rawZone = rawZone;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Accepts a Bundle without an idempotency key; a repeat returns the earlier entry. */
    public IngestionEntry accept(String tenantId, byte[] json, SubmissionKind kind) {
        return submit(Submission.bundle(tenantId, json, kind)).entry();
    }

    public Receipt submit(Submission submission) {
        ParsedBundle bundle;
        byte[] stored;
        if (submission.kind() == SubmissionKind.RESOURCE) {
            BundleReader.SingleResource single = reader.readResource(submission.json(), submission.resourceType());
            bundle = single.bundle();
            stored = single.bundleJson();
        } else {
            bundle = reader.read(submission.json(), submission.kind());
            stored = submission.gzipped() != null ? submission.gzipped() : submission.json();
        }
        String sha256 = sha256(submission.json());
        Optional<IngestionEntry> earlier = ledger.findEarlier(submission.tenantId(), sha256, submission.idempotencyKey());
        if (earlier.isPresent()) {
            return repeat(earlier.get(), sha256, submission.idempotencyKey());
        }

        UUID ingestionId = UUID.randomUUID();
        Instant receivedAt = clock.instant();
        boolean gzipped = submission.gzipped() != null && submission.kind() != SubmissionKind.RESOURCE;
        String objectKey = rawZone.store(submission.tenantId(), LocalDate.ofInstant(receivedAt, ZoneOffset.UTC), ingestionId,
                stored, gzipped);
        IngestionEntry entry = new IngestionEntry(ingestionId, submission.tenantId(), receivedAt,
                submission.kind().name().toLowerCase(), bundle.bundleType(), objectKey, sha256, submission.idempotencyKey(),
                stored.length, bundle.resourceCounts(), "accepted", null);
        boolean recorded;
        try {
            recorded = ledger.recordIfNew(entry);
        } catch (RuntimeException e) {
            rawZone.discard(objectKey);
            throw e;
        }
        if (!recorded) {
            rawZone.discard(objectKey);
            return repeat(ledger.findEarlier(submission.tenantId(), sha256, submission.idempotencyKey()).orElseThrow(),
                    sha256, submission.idempotencyKey());
        }
        return new Receipt(entry, false);
    }

    private static Receipt repeat(IngestionEntry earlier, String sha256, String idempotencyKey) {
        if (idempotencyKey != null && idempotencyKey.equals(earlier.idempotencyKey()) && !sha256.equals(earlier.sha256())) {
            throw new IdempotencyKeyReusedException(idempotencyKey, earlier.ingestionId());
        }
        return new Receipt(earlier, true);
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform provides SHA-256", e);
        }
    }
}
