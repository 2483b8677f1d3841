package io.metriccare.ingest.bulk;

import java.util.List;
import java.util.UUID;

/** A snapshot of an import's counts, taken after each batch and at the end. */
record ImportProgress(long linesRead, long resourcesAccepted, long resourcesRejected, List<UUID> ingestionIds,
                      List<RejectedLine> errors) {
}
