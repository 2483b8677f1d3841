package io.metriccare.ingest.bundle;

/**
 * One finding about a submission, in FHIR's terms: an {@code OperationOutcome.issue.code}
 * (e.g. {@code structure}, {@code invalid}, {@code value}), a message and, where known, the
 * FHIRPath of the element at fault.
 */
public record SubmissionIssue(String code, String diagnostics, String location) {
}
