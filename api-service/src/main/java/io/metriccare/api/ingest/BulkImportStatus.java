package io.metriccare.api.ingest;

import java.util.List;
import java.util.UUID;

import io.metriccare.ingest.bulk.BulkImportJob;
import io.metriccare.ingest.bulk.RejectedLine;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A finished bulk import, as {@code $import-status} reports it.
 *
 * @param status       {@code completed} or {@code failed}
 * @param linesRead    non-blank NDJSON lines read; each was either accepted or rejected
 * @param ingestionIds the ingestions (one collection Bundle of at most 1,000 resources each) the accepted resources were stored as
 * @param errors       the first 100 rejected lines, by line number
 * @param error        why a failed import stopped; the ingestions listed were stored before it did
 */
@Schema(name = "BulkImportStatus")
record BulkImportStatus(UUID jobId, String status, long linesRead, long resourcesAccepted, long resourcesRejected,
                        List<UUID> ingestionIds, List<RejectedLine> errors, String error) {

    static BulkImportStatus of(BulkImportJob job) {
        return new BulkImportStatus(job.jobId(), job.status(), job.linesRead(), job.resourcesAccepted(),
                job.resourcesRejected(), job.ingestionIds(), job.errors(), job.error());
    }
}
