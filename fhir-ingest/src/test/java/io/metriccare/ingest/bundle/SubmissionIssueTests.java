package io.metriccare.ingest.bundle;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SubmissionIssueTests {

    @Test
    void entryIndex_isTheEntryTheLocationIsInside() {
        assertThat(issueAt("Bundle.entry[12].resource.period").entryIndex()).hasValue(12);
        assertThat(issueAt("Bundle.entry[3]").entryIndex()).hasValue(3);
        assertThat(issueAt("Bundle.entry[3].request").entryIndex()).hasValue(3);
    }

    @Test
    void entryIndex_isEmpty_forBundleLevelOrUnlocatedFindings() {
        assertThat(issueAt("Bundle.link").entryIndex()).isEmpty();
        assertThat(issueAt("Bundle.type").entryIndex()).isEmpty();
        assertThat(issueAt(null).entryIndex()).isEmpty();
        assertThat(issueAt("Patient.contained[0].entry[1]").entryIndex()).isEmpty();
        assertThat(issueAt("Bundle.entry[1]x").entryIndex()).isEmpty();
    }

    private static SubmissionIssue issueAt(String location) {
        return new SubmissionIssue("value", "finding", location);
    }
}
