package io.metriccare.ingest.ledger;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One accepted submission as the ledger records it. */
public record IngestionEntry(
        UUID ingestionId,
        String tenantId,
        Instant receivedAt,
        String submissionKind,
        String bundleType,
        String objectKey,
        String sha256,
        String idempotencyKey,
        long sizeBytes,
        Map<String, Integer> resourceCounts,
        String status,
        UUID processedByRun) {

    public int resourceCount() {
        return resourceCounts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
