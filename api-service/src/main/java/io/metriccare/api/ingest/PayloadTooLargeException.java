package io.metriccare.api.ingest;

/** A submission over the configured size limit; answered 413, nothing stored. */
public class PayloadTooLargeException extends RuntimeException {

    PayloadTooLargeException(long limitBytes) {
        super("Cannot accept submission: the body exceeds the limit of %d bytes".formatted(limitBytes));
    }
}
