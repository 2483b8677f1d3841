package io.metriccare.ingest.validation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The instance validation of one accepted submission.
 *
 * @param status     {@code pending}, {@code running}, {@code done} or {@code failed} (the validator could not run; the
 *                   submission stays accepted)
 * @param errors     findings of severity error or fatal
 * @param issueCount all findings; {@code issues} keeps the first {@value Findings#MAX_ISSUES_KEPT}, most severe first
 * @param error      why a failed validation could not run
 */
public record InstanceValidation(UUID ingestionId, String tenantId, String status, Instant queuedAt, Instant startedAt,
                                 Instant finishedAt, int errors, int warnings, int information, int issueCount,
                                 List<ValidationIssue> issues, String error) {

    public boolean isFinished() {
        return status.equals("done") || status.equals("failed");
    }
}
