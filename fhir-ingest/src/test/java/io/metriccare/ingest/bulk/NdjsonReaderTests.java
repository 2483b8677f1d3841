package io.metriccare.ingest.bulk;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import ca.uhn.fhir.context.FhirContext;
import io.metriccare.ingest.bundle.BundleReader;
import io.metriccare.ingest.bundle.InvalidSubmissionException;
import io.metriccare.ingest.bundle.ParsedBundle;
import io.metriccare.ingest.bundle.SubmissionKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class NdjsonReaderTests {

    private static final FhirContext FHIR = FhirContext.forR4();
    private static final BundleReader BUNDLES = new BundleReader(FHIR);

    private final List<ParsedBundle> stored = new ArrayList<>();
    private final List<UUID> storedIds = new ArrayList<>();
    private final List<ImportProgress> reports = new ArrayList<>();

    @Test
    void badLines_areRejectedWithTheirLineNumbers_andTheRestIsImported() throws IOException {
        ImportProgress result = read(3, String.join("\n",
                patient("p1"),
                "this is not json",
                patient("p2"),
                "",
                "{\"resourceType\":\"Patient\",\"id\":\"p3\",\"gender\":42}",
                "{\"resourceType\":\"Patient\"}",
                "{\"resourceType\":\"Bundle\",\"id\":\"b1\",\"type\":\"collection\"}",
                encounter("e1", "2024-01-01", "2024-01-03")) + "\n");

        assertThat(result.linesRead()).isEqualTo(7);
        assertThat(result.resourcesAccepted()).isEqualTo(3);
        assertThat(result.resourcesRejected()).isEqualTo(4);
        assertThat(result.errors()).extracting(RejectedLine::line).containsExactly(2L, 5L, 6L, 7L);
        assertThat(result.errors().get(0).message()).startsWith("HAPI-1861: Failed to parse JSON encoded FHIR content: ");
        assertThat(result.errors().get(1).message()).startsWith("HAPI-1821: [element=\"gender\"] Invalid attribute value \"42\"");
        assertThat(result.errors().get(2).message()).isEqualTo("Cannot import line: the resource has no id (Patient)");
        assertThat(result.errors().get(3).message())
                .isEqualTo("Cannot import line: a Bundle is not a resource to import from NDJSON (Bundle)");
        assertThat(stored).extracting(ParsedBundle::resourceCounts)
                .containsExactly(Map.of("Patient", 2, "Encounter", 1));
        assertThat(result.ingestionIds()).isEqualTo(storedIds);
    }

    @Test
    void batches_holdAtMostBatchSizeResources_withNoEmptyBatchAtTheBoundary() throws IOException {
        ImportProgress exact = read(3, patients(6));

        assertThat(stored).extracting(ParsedBundle::resourceCount).containsExactly(3, 3);
        assertThat(exact.ingestionIds()).hasSize(2);

        stored.clear();
        ImportProgress onePast = read(3, patients(7));

        assertThat(stored).extracting(ParsedBundle::resourceCount).containsExactly(3, 3, 1);
        assertThat(onePast.resourcesAccepted()).isEqualTo(7);
        assertThat(stored).allSatisfy(bundle -> assertThat(bundle.bundleType()).isEqualTo("collection"));
    }

    @Test
    void rejectedLines_doNotCountTowardsABatch() throws IOException {
        read(2, String.join("\n", patient("p1"), "{}", patient("p2"), patient("p3")));

        assertThat(stored).extracting(ParsedBundle::resourceCount).containsExactly(2, 1);
    }

    @Test
    void entryTheIntakeRefuses_isRejectedAsItsLine_andTheRestOfTheBatchIsStored() throws IOException {
        ImportProgress result = read(10, String.join("\n",
                patient("p1"),
                encounter("e1", "2024-01-05", "2024-01-02"),
                patient("p2")));

        assertThat(result.resourcesAccepted()).isEqualTo(2);
        assertThat(result.errors()).containsExactly(new RejectedLine(2, refusalOf(encounter("e1", "2024-01-05", "2024-01-02"))));
        assertThat(stored).extracting(ParsedBundle::resourceCounts).containsExactly(Map.of("Patient", 2));
    }

    @Test
    void bundleEntries_areTheLinesAsReceived() throws IOException {
        String spaced = "{ \"id\": \"p1\",  \"resourceType\": \"Patient\" }";
        List<String> bundles = new ArrayList<>();
        new NdjsonReader(FHIR, 10).read(new StringReader(spaced + "\n" + patient("p2")), bundle -> {
            bundles.add(new String(bundle, StandardCharsets.UTF_8));
            return UUID.randomUUID();
        }, progress -> {
        });

        assertThat(bundles).containsExactly("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":["
                + "{\"resource\":" + spaced + "},{\"resource\":" + patient("p2") + "}]}");
    }

    @Test
    void byteOrderMarkBeforeTheFirstLine_isIgnored() throws IOException {
        ImportProgress result = read(10, "\uFEFF" + patient("p1") + "\n" + patient("p2"));

        assertThat(result.resourcesAccepted()).isEqualTo(2);
        assertThat(result.errors()).isEmpty();
    }

    @Test
    void crlfLineEnds_andAFinalLineWithoutNewline_areRead() throws IOException {
        ImportProgress result = read(10, patient("p1") + "\r\n" + patient("p2") + "\r\n" + patient("p3"));

        assertThat(result.linesRead()).isEqualTo(3);
        assertThat(result.resourcesAccepted()).isEqualTo(3);
        assertThat(result.errors()).isEmpty();
    }

    @Test
    void onlyTheFirstHundredErrorsAreKept_butEveryRejectionIsCounted() throws IOException {
        ImportProgress result = read(10, IntStream.range(0, 150).mapToObj(i -> "{}").collect(Collectors.joining("\n")));

        assertThat(result.resourcesRejected()).isEqualTo(150);
        assertThat(result.errors()).hasSize(NdjsonReader.MAX_ERRORS_KEPT);
        assertThat(result.errors().get(99).line()).isEqualTo(100);
    }

    @Test
    void progress_isReportedAfterEachBatch_andAtTheEnd() throws IOException {
        read(2, patients(5));

        assertThat(reports).extracting(ImportProgress::resourcesAccepted).containsExactly(2L, 4L, 5L);
    }

    @Test
    void emptyInput_importsNothing() throws IOException {
        ImportProgress result = read(10, "");

        assertThat(result.linesRead()).isZero();
        assertThat(stored).isEmpty();
    }

    private ImportProgress read(int batchSize, String ndjson) throws IOException {
        return new NdjsonReader(FHIR, batchSize).read(new StringReader(ndjson), bundle -> {
            stored.add(BUNDLES.read(bundle, SubmissionKind.COLLECTION));
            UUID id = UUID.randomUUID();
            storedIds.add(id);
            return id;
        }, reports::add);
    }

    /** What the intake says of this resource on its own: the bulk import reports the intake's words, not its own. */
    private static String refusalOf(String resource) {
        byte[] bundle = "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":%s}]}"
                .formatted(resource).getBytes(StandardCharsets.UTF_8);
        InvalidSubmissionException refusal = catchThrowableOfType(InvalidSubmissionException.class,
                () -> BUNDLES.read(bundle, SubmissionKind.COLLECTION));
        return refusal.issues().get(0).diagnostics();
    }

    private static String patients(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> patient("p" + i)).collect(Collectors.joining("\n"));
    }

    private static String patient(String id) {
        return "{\"resourceType\":\"Patient\",\"id\":\"%s\",\"gender\":\"female\"}".formatted(id);
    }

    private static String encounter(String id, String start, String end) {
        return ("{\"resourceType\":\"Encounter\",\"id\":\"%s\",\"status\":\"finished\",\"class\":{\"code\":\"IMP\"},"
                + "\"period\":{\"start\":\"%s\",\"end\":\"%s\"}}").formatted(id, start, end);
    }
}
