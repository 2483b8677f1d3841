package io.metriccare.ingest.bundle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.UUID;

import io.metriccare.ingest.ledger.IngestionEntry;
import io.metriccare.ingest.ledger.IngestionLedger;
import io.metriccare.ingest.storage.RawZone;
import org.springframework.stereotype.Service;

/**
 * Accepts one FHIR submission for a tenant: validate, store the bytes as received in the raw zone,
 * then commit the ledger row. The object is written first so that a ledger row never points at
 * missing data; if the ledger write fails the object is removed again.
 */
@Service
public class BundleIntake {

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

    public IngestionEntry accept(String tenantId, byte[] body, SubmissionKind kind) {
        ParsedBundle bundle = reader.read(body, kind);
        UUID ingestionId = UUID.randomUUID();
        Instant receivedAt = clock.instant();
        String objectKey = rawZone.store(tenantId, LocalDate.ofInstant(receivedAt, ZoneOffset.UTC), ingestionId, body);
        IngestionEntry entry = new IngestionEntry(ingestionId, tenantId, receivedAt, kind.name().toLowerCase(),
                bundle.bundleType(), objectKey, sha256(body), body.length, bundle.resourceCounts(), "accepted", null);
        try {
            ledger.record(entry);
        } catch (RuntimeException e) {
            rawZone.discard(objectKey);
            throw e;
        }
        return entry;
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform provides SHA-256", e);
        }
    }
}
