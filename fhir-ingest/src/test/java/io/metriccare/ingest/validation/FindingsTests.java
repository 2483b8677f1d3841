package io.metriccare.ingest.validation;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FindingsTests {

    @Test
    void counts_coverEveryFinding_fatalCountingAsError() {
        Findings findings = Findings.of(List.of(issue("warning", 1), issue("fatal", 2), issue("error", 3), issue("information", 4)));

        assertThat(findings.errors()).isEqualTo(2);
        assertThat(findings.warnings()).isEqualTo(1);
        assertThat(findings.information()).isEqualTo(1);
        assertThat(findings.issueCount()).isEqualTo(4);
    }

    @Test
    void keptIssues_areCapped_mostSevereFirst_inTheValidatorsOrderOtherwise() {
        List<ValidationIssue> issues = new ArrayList<>();
        for (int i = 0; i < Findings.MAX_ISSUES_KEPT; i++) {
            issues.add(issue("information", i));
        }
        issues.add(issue("error", 1000));
        issues.add(issue("warning", 1001));
        issues.add(issue("error", 1002));

        Findings findings = Findings.of(issues);

        assertThat(findings.issueCount()).isEqualTo(Findings.MAX_ISSUES_KEPT + 3);
        assertThat(findings.kept()).hasSize(Findings.MAX_ISSUES_KEPT);
        assertThat(findings.kept().subList(0, 4)).extracting(ValidationIssue::location)
                .containsExactly("Patient.line[1000]", "Patient.line[1002]", "Patient.line[1001]", "Patient.line[0]");
    }

    private static ValidationIssue issue(String severity, int line) {
        return new ValidationIssue(severity, "rule", "finding " + line, "Patient.line[%d]".formatted(line));
    }
}
