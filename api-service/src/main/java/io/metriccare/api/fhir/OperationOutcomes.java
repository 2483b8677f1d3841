package io.metriccare.api.fhir;

import java.util.List;

import io.metriccare.ingest.bundle.SubmissionIssue;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/** The OperationOutcomes our FHIR endpoints answer with. */
public final class OperationOutcomes {

    private OperationOutcomes() {
    }

    public static OperationOutcome information(String diagnostics) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(IssueSeverity.INFORMATION).setCode(IssueType.INFORMATIONAL).setDiagnostics(diagnostics);
        return outcome;
    }

    public static OperationOutcome error(IssueType type, String diagnostics) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(type).setDiagnostics(diagnostics);
        return outcome;
    }

    /** Adds a warning issue whose expressions are the FHIRPath locations it concerns. */
    public static void addWarning(OperationOutcome outcome, IssueType type, String diagnostics, List<String> locations) {
        var issue = outcome.addIssue().setSeverity(IssueSeverity.WARNING).setCode(type).setDiagnostics(diagnostics);
        locations.forEach(issue::addExpression);
    }

    public static OperationOutcome errors(List<SubmissionIssue> issues) {
        OperationOutcome outcome = new OperationOutcome();
        for (SubmissionIssue issue : issues) {
            var component = outcome.addIssue()
                    .setSeverity(IssueSeverity.ERROR)
                    .setCode(IssueType.fromCode(issue.code()))
                    .setDiagnostics(issue.diagnostics());
            if (issue.location() != null) {
                component.addExpression(issue.location());
            }
        }
        return outcome;
    }
}
