package io.metriccare.ingest.bulk;

import org.springframework.util.unit.DataSize;

/** An NDJSON body beyond {@code metriccare.bulk-import.max-size}; no job was created. */
public class BulkImportTooLargeException extends RuntimeException {

    BulkImportTooLargeException(DataSize maxSize) {
        super("Cannot import: the NDJSON body is larger than the limit (%d bytes)".formatted(maxSize.toBytes()));
    }
}
