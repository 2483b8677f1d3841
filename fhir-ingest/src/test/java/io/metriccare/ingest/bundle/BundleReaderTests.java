package io.metriccare.ingest.bundle;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import ca.uhn.fhir.context.FhirContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class BundleReaderTests {

    private static final BundleReader READER = new BundleReader(FhirContext.forR4());

    @Test
    void transactionBundle_isAccepted_withResourceCountsPerType() {
        ParsedBundle bundle = READER.read(bytes("""
                {"resourceType": "Bundle", "type": "transaction", "entry": [
                  {"fullUrl": "urn:uuid:00000000-0000-4000-8000-000000000001", "resource": {"resourceType": "Patient", "id": "p1"}, "request": {"method": "POST", "url": "Patient"}},
                  {"fullUrl": "urn:uuid:00000000-0000-4000-8000-000000000002", "resource": {"resourceType": "Patient", "id": "p2"}, "request": {"method": "POST", "url": "Patient"}},
                  {"fullUrl": "urn:uuid:00000000-0000-4000-8000-000000000003", "resource": {"resourceType": "Encounter", "id": "e1", "status": "finished",
                    "class": {"code": "IMP"}}, "request": {"method": "POST", "url": "Encounter"}}
                ]}"""), SubmissionKind.TRANSACTION);

        assertThat(bundle.bundleType()).isEqualTo("transaction");
        assertThat(bundle.resourceCounts()).isEqualTo(Map.of("Patient", 2, "Encounter", 1));
        assertThat(bundle.resourceCount()).isEqualTo(3);
    }

    @Test
    void collectionBundle_isRejected_onTheTransactionEndpoint() {
        assertThatThrownBy(() -> READER.read(bytes("{\"resourceType\":\"Bundle\",\"type\":\"collection\"}"), SubmissionKind.TRANSACTION))
                .isInstanceOf(InvalidSubmissionException.class)
                .hasMessage("Cannot accept submission: Bundle.type must be batch or transaction for this endpoint (collection)");
    }

    @Test
    void searchsetBundle_isRejected_onTheCollectionEndpoint() {
        assertThatThrownBy(() -> READER.read(bytes("{\"resourceType\":\"Bundle\",\"type\":\"searchset\"}"), SubmissionKind.COLLECTION))
                .isInstanceOf(InvalidSubmissionException.class)
                .hasMessage("Cannot accept submission: Bundle.type must be collection for this endpoint (searchset)");
    }

    @Test
    void malformedJson_isRejected_asStructureIssue() {
        assertThatThrownBy(() -> READER.read(bytes("{\"resourceType\": \"Bundle\", \"type\": "), SubmissionKind.TRANSACTION))
                .isInstanceOfSatisfying(InvalidSubmissionException.class,
                        e -> assertThat(e.issues()).singleElement().extracting(SubmissionIssue::code).isEqualTo("structure"));
    }

    @Test
    void unknownElement_isRejected_byTheStrictParser() {
        assertThatThrownBy(() -> READER.read(bytes("{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"colour\":\"red\"}"),
                SubmissionKind.TRANSACTION))
                .isInstanceOf(InvalidSubmissionException.class)
                .hasMessageContaining("colour");
    }

    @Test
    void resourceOtherThanBundle_isRejected() {
        assertThatThrownBy(() -> READER.read(bytes("{\"resourceType\":\"Patient\",\"id\":\"p1\"}"), SubmissionKind.TRANSACTION))
                .isInstanceOf(InvalidSubmissionException.class)
                .hasMessageContaining("Bundle");
    }

    @Test
    void encounterEndingBeforeItStarts_isRejected_withItsLocation() {
        assertThatThrownBy(() -> READER.read(bytes("""
                {"resourceType": "Bundle", "type": "batch", "entry": [
                  {"resource": {"resourceType": "Encounter", "id": "e1", "status": "finished", "class": {"code": "IMP"},
                    "period": {"start": "2024-01-05T10:00:00Z", "end": "2024-01-04T10:00:00Z"}},
                   "request": {"method": "PUT", "url": "Encounter/e1"}}
                ]}"""), SubmissionKind.TRANSACTION))
                .isInstanceOfSatisfying(InvalidSubmissionException.class, e -> assertThat(e.issues()).singleElement()
                        .satisfies(issue -> {
                            assertThat(issue.code()).isEqualTo("value");
                            assertThat(issue.location()).isEqualTo("Bundle.entry[0].resource.period");
                            assertThat(issue.diagnostics()).isEqualTo(
                                    "Period.end must not be before Period.start (2024-01-04T10:00:00Z < 2024-01-05T10:00:00Z)");
                        }));
    }

    private static final String MIXED_BATCH = """
            {"resourceType": "Bundle", "type": "batch", "entry": [
              {"resource": {"resourceType": "Patient", "id": "p1"}, "request": {"method": "PUT", "url": "Patient/p1"}},
              {"resource": {"resourceType": "Encounter", "id": "e-reversed", "status": "finished", "class": {"code": "IMP"},
                "period": {"start": "2024-01-05T10:00:00Z", "end": "2024-01-04T10:00:00Z"}},
               "request": {"method": "PUT", "url": "Encounter/e-reversed"}},
              {"resource": {"resourceType": "Encounter", "id": "e-ok", "status": "finished", "class": {"code": "IMP"},
                "subject": {"reference": "Patient/p1"}}, "request": {"method": "PUT", "url": "Encounter/e-ok"}},
              {"resource": {"resourceType": "Observation", "id": "o-bad-ref", "status": "final", "code": {"text": "pulse"},
                "subject": {"reference": "patient p1"}}, "request": {"method": "PUT", "url": "Observation/o-bad-ref"}}
            ]}""";

    @Test
    void acceptValidEntries_leavesOutTheEntriesWithFindings_andCountsOnlyTheOthers() {
        ParsedBundle bundle = READER.read(bytes(MIXED_BATCH), SubmissionKind.TRANSACTION, true);

        assertThat(bundle.resourceCounts()).isEqualTo(Map.of("Patient", 1, "Encounter", 1));
        assertThat(bundle.rejectedEntries()).extracting(RejectedEntry::index, RejectedEntry::resourceType, RejectedEntry::resourceId)
                .containsExactly(tuple(1, "Encounter", "e-reversed"), tuple(3, "Observation", "o-bad-ref"));
        assertThat(bundle.rejectedEntries().get(1).issues()).singleElement().satisfies(issue -> {
            assertThat(issue.location()).isEqualTo("Bundle.entry[3].resource.subject.reference");
            assertThat(issue.diagnostics()).startsWith("Reference must be '#id', 'Type/id'");
        });
    }

    @Test
    void rejectBundle_rejectsTheSameBundle_withEveryFinding() {
        assertThatThrownBy(() -> READER.read(bytes(MIXED_BATCH), SubmissionKind.TRANSACTION))
                .isInstanceOfSatisfying(InvalidSubmissionException.class, e -> assertThat(e.issues())
                        .extracting(SubmissionIssue::location)
                        .containsExactly("Bundle.entry[1].resource.period", "Bundle.entry[3].resource.subject.reference"));
    }

    @Test
    void acceptValidEntries_stillRejects_whenAFindingConcernsTheBundleItself() {
        String twoSelfLinks = MIXED_BATCH.replace("\"type\": \"batch\",",
                "\"type\": \"batch\", \"link\": [{\"relation\": \"self\", \"url\": \"http://a\"}, {\"relation\": \"self\", \"url\": \"http://b\"}],");

        assertThatThrownBy(() -> READER.read(bytes(twoSelfLinks), SubmissionKind.TRANSACTION, true))
                .isInstanceOfSatisfying(InvalidSubmissionException.class, e -> assertThat(e.issues())
                        .extracting(SubmissionIssue::location)
                        .containsExactly("Bundle.link", "Bundle.entry[1].resource.period", "Bundle.entry[3].resource.subject.reference"));
    }

    @Test
    void acceptValidEntries_rejects_whenNoEntryIsValid() {
        assertThatThrownBy(() -> READER.read(bytes("""
                {"resourceType": "Bundle", "type": "collection", "entry": [
                  {"resource": {"resourceType": "Patient", "id": "p1", "managingOrganization": {"reference": "nowhere"}}}
                ]}"""), SubmissionKind.COLLECTION, true))
                .isInstanceOfSatisfying(InvalidSubmissionException.class, e -> assertThat(e.issues())
                        .extracting(SubmissionIssue::location).containsExactly("Bundle.entry[0].resource.managingOrganization.reference"));
    }

    @Test
    void acceptValidEntries_leavesOutAnEntryWhoseJsonBreaksFhirJsonRules() {
        ParsedBundle bundle = READER.read(bytes("""
                {"resourceType": "Bundle", "type": "collection", "entry": [
                  {"resource": {"resourceType": "Patient", "id": "p1", "name": []}},
                  {"resource": {"resourceType": "Patient", "id": "p2"}}
                ]}"""), SubmissionKind.COLLECTION, true);

        assertThat(bundle.resourceCounts()).isEqualTo(Map.of("Patient", 1));
        assertThat(bundle.rejectedEntries()).singleElement().satisfies(entry -> {
            assertThat(entry.index()).isZero();
            assertThat(entry.issues()).extracting(SubmissionIssue::code, SubmissionIssue::location)
                    .containsExactly(tuple("structure", "Bundle.entry[0].resource.name"));
        });
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
