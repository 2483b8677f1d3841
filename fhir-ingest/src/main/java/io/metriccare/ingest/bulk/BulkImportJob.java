package io.metriccare.ingest.bulk;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One bulk import and how far it got.
 *
 * @param status       {@code queued}, {@code running}, {@code completed} or {@code failed}
 * @param linesRead    non-blank NDJSON lines read so far; each is either accepted or rejected
 * @param ingestionIds the ledger entries (one collection Bundle each) the accepted resources were stored as
 * @param errors       the first 100 rejected lines, by line number
 * @param error        why a failed job stopped
 */
public record BulkImportJob(
        UUID jobId,
        String tenantId,
        String status,
        Instant receivedAt,
        Instant finishedAt,
        long linesRead,
        long resourcesAccepted,
        long resourcesRejected,
        List<UUID> ingestionIds,
        List<RejectedLine> errors,
        String error) {

    public boolean isFinished() {
        return status.equals("completed") || status.equals("failed");
    }
}
