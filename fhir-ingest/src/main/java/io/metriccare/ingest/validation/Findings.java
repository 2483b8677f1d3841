package io.metriccare.ingest.validation;

import java.util.Comparator;
import java.util.List;

/** What the validator found in one submission: counts of every finding, and the most severe ones kept. */
record Findings(int errors, int warnings, int information, int issueCount, List<ValidationIssue> kept) {

    static final int MAX_ISSUES_KEPT = 500;

    private static final List<String> SEVERITIES = List.of("fatal", "error", "warning", "information");

    static Findings of(List<ValidationIssue> issues) {
        int errors = count(issues, "fatal") + count(issues, "error");
        List<ValidationIssue> kept = issues.stream()
                .sorted(Comparator.comparingInt(issue -> SEVERITIES.indexOf(issue.severity())))
                .limit(MAX_ISSUES_KEPT)
                .toList();
        return new Findings(errors, count(issues, "warning"), count(issues, "information"), issues.size(), kept);
    }

    private static int count(List<ValidationIssue> issues, String severity) {
        return (int) issues.stream().filter(issue -> issue.severity().equals(severity)).count();
    }
}
