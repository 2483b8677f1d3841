package io.metriccare.ingest.bundle;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AcceptedEntriesTests {

    private static final String BUNDLE = """
            {"resourceType": "Bundle",
             "entry": [
               {"resource": {"resourceType": "Patient", "id": "a", "birthDate": "1970-01-01"}},
               {"resource": {"resourceType": "Patient", "id": "b"}} ,
               {"resource": {"resourceType": "Observation", "id": "c", "valueQuantity": {"value": 1.50}}}
             ],
             "type": "collection", "total": 3}""";

    @Test
    void leavingOutTheMiddleEntry_keepsEveryOtherByte() {
        assertThat(without(1)).isEqualTo("""
                {"resourceType": "Bundle",
                 "entry": [
                   {"resource": {"resourceType": "Patient", "id": "a", "birthDate": "1970-01-01"}},
                   {"resource": {"resourceType": "Observation", "id": "c", "valueQuantity": {"value": 1.50}}}
                 ],
                 "type": "collection", "total": 3}""");
    }

    @Test
    void leavingOutTheLastEntry_leavesNoTrailingComma() {
        assertThat(without(2)).isEqualTo("""
                {"resourceType": "Bundle",
                 "entry": [
                   {"resource": {"resourceType": "Patient", "id": "a", "birthDate": "1970-01-01"}},
                   {"resource": {"resourceType": "Patient", "id": "b"}}
                 ],
                 "type": "collection", "total": 3}""");
    }

    @Test
    void leavingOutTheFirstAndLastEntries_keepsTheOneBetween() {
        assertThat(without(0, 2)).isEqualTo("""
                {"resourceType": "Bundle",
                 "entry": [
                   {"resource": {"resourceType": "Patient", "id": "b"}}
                 ],
                 "type": "collection", "total": 3}""");
    }

    @Test
    void propertiesBeforeTheEntries_withNestedArrays_areSkippedUnchanged() {
        String bundle = "{\"resourceType\":\"Bundle\",\"link\":[{\"relation\":\"self\",\"url\":\"http://x/entry\"}],"
                + "\"meta\":{\"tag\":[{\"code\":\"entry\"}]},\"entry\":[{\"fullUrl\":\"urn:uuid:1\"},{\"fullUrl\":\"urn:uuid:2\"}]}";

        assertThat(new String(AcceptedEntries.of(bundle.getBytes(StandardCharsets.UTF_8), List.of(rejected(0))), StandardCharsets.UTF_8))
                .isEqualTo("{\"resourceType\":\"Bundle\",\"link\":[{\"relation\":\"self\",\"url\":\"http://x/entry\"}],"
                        + "\"meta\":{\"tag\":[{\"code\":\"entry\"}]},\"entry\":[{\"fullUrl\":\"urn:uuid:2\"}]}");
    }

    @Test
    void multiByteCharacters_beforeAndInsideEntries_keepTheirBytes() {
        String bundle = "{\"resourceType\":\"Bundle\",\"id\":\"b-ü\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"x\","
                + "\"name\":[{\"family\":\"Müller-Ødegård\"}]}},{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"y\"}}]}";

        assertThat(new String(AcceptedEntries.of(bundle.getBytes(StandardCharsets.UTF_8), List.of(rejected(1))), StandardCharsets.UTF_8))
                .isEqualTo("{\"resourceType\":\"Bundle\",\"id\":\"b-ü\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"x\","
                        + "\"name\":[{\"family\":\"Müller-Ødegård\"}]}}]}");
    }

    private static String without(int... indexes) {
        List<RejectedEntry> rejected = Arrays.stream(indexes).mapToObj(AcceptedEntriesTests::rejected).toList();
        return new String(AcceptedEntries.of(BUNDLE.getBytes(StandardCharsets.UTF_8), rejected), StandardCharsets.UTF_8);
    }

    private static RejectedEntry rejected(int index) {
        return new RejectedEntry(index, "Patient", null, List.of(new SubmissionIssue("value", "bad", "Bundle.entry[%d]".formatted(index))));
    }
}
