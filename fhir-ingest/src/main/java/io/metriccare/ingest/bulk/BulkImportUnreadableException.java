package io.metriccare.ingest.bulk;

/** A request body that could not be read to the end, e.g. a body declared gzip that is not; no job was created. */
public class BulkImportUnreadableException extends RuntimeException {

    BulkImportUnreadableException(Exception cause) {
        super("Cannot import: the request body could not be read (%s)".formatted(cause.getMessage()), cause);
    }
}
