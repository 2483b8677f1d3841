package io.metriccare.ingest.validation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ValidationIssueTests {

    @Test
    void relocatedTo_replacesTheResourceRoot_withTheEntryPath() {
        assertThat(at("Observation").relocatedTo("Bundle.entry[2].resource").location()).isEqualTo("Bundle.entry[2].resource");
        assertThat(at("Observation.value.ofType(Quantity)").relocatedTo("Bundle.entry[2].resource").location())
                .isEqualTo("Bundle.entry[2].resource.value.ofType(Quantity)");
        assertThat(at(null).relocatedTo("Bundle.entry[0].resource").location()).isEqualTo("Bundle.entry[0].resource");
    }

    private static ValidationIssue at(String location) {
        return new ValidationIssue("error", "rule", "finding", location);
    }
}
