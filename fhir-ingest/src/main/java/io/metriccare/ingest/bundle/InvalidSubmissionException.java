package io.metriccare.ingest.bundle;

import java.util.List;

/** A submission that is not acceptable FHIR; nothing of it was stored. */
public class InvalidSubmissionException extends RuntimeException {

    private final List<SubmissionIssue> issues;

    InvalidSubmissionException(List<SubmissionIssue> issues) {
        super("Cannot accept submission: " + issues.get(0).diagnostics());
        this.issues = List.copyOf(issues);
    }

    InvalidSubmissionException(SubmissionIssue issue) {
        this(List.of(issue));
    }

    public List<SubmissionIssue> issues() {
        return issues;
    }
}
