package io.metriccare.ingest.bundle;

import java.util.UUID;

/** An Idempotency-Key sent again with a different body; answered as a conflict, nothing stored. */
public class IdempotencyKeyReusedException extends RuntimeException {

    IdempotencyKeyReusedException(String key, UUID ingestionId) {
        super("Cannot accept submission: this Idempotency-Key was used for a different body by ingestion %s (%s)"
                .formatted(ingestionId, key));
    }
}
