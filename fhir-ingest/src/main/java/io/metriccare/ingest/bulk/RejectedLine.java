package io.metriccare.ingest.bulk;

/** An NDJSON line that was not imported: its 1-based line number in the body and why. */
public record RejectedLine(long line, String message) {
}
