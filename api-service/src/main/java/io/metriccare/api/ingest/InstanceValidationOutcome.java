package io.metriccare.api.ingest;

import io.metriccare.ingest.validation.InstanceValidation;
import io.metriccare.ingest.validation.ValidationIssue;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/** An instance validation as a FHIR OperationOutcome, the form HAPI's validator reports in. */
final class InstanceValidationOutcome {

    /** The code system HAPI's validator names its message ids in. */
    private static final String MESSAGE_ID_SYSTEM = "http://hl7.org/fhir/java-core-messageId";

    private InstanceValidationOutcome() {
    }

    static OperationOutcome of(InstanceValidation validation) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.setId(validation.ingestionId().toString());
        switch (validation.status()) {
            case "done" -> findings(validation, outcome);
            case "failed" -> outcome.addIssue().setSeverity(IssueSeverity.WARNING).setCode(IssueType.EXCEPTION)
                    .setDiagnostics("Instance validation of ingestion %s did not complete; the ingestion stays accepted: %s"
                            .formatted(validation.ingestionId(), validation.error()));
            default -> outcome.addIssue().setSeverity(IssueSeverity.INFORMATION).setCode(IssueType.INCOMPLETE)
                    .setDiagnostics("Instance validation of ingestion %s is %s".formatted(validation.ingestionId(), validation.status()));
        }
        return outcome;
    }

    private static void findings(InstanceValidation validation, OperationOutcome outcome) {
        for (ValidationIssue issue : validation.issues()) {
            var component = outcome.addIssue().setSeverity(IssueSeverity.fromCode(issue.severity())).setCode(IssueType.PROCESSING)
                    .setDiagnostics(issue.diagnostics());
            if (issue.messageId() != null) {
                component.getDetails().addCoding().setSystem(MESSAGE_ID_SYSTEM).setCode(issue.messageId());
            }
            if (issue.location() != null) {
                component.addExpression(issue.location());
            }
        }
        if (validation.issueCount() > validation.issues().size()) {
            outcome.addIssue().setSeverity(IssueSeverity.INFORMATION).setCode(IssueType.TOOCOSTLY)
                    .setDiagnostics("%d of %d findings shown, most severe first; the others were not kept"
                            .formatted(validation.issues().size(), validation.issueCount()));
        }
        if (validation.issueCount() == 0) {
            outcome.addIssue().setSeverity(IssueSeverity.INFORMATION).setCode(IssueType.INFORMATIONAL)
                    .setDiagnostics("Instance validation of ingestion %s found no issues".formatted(validation.ingestionId()));
        }
    }
}
