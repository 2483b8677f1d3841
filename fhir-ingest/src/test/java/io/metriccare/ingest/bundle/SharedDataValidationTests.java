package io.metriccare.ingest.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import ca.uhn.fhir.context.FhirContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared third-party FHIR data against the submission rules: real data passes, invalid data fails. */
class SharedDataValidationTests {

    private static final BundleReader READER = new BundleReader(FhirContext.forR4());

    @TestFactory
    Stream<DynamicTest> everyInvalidFile_isRejected() throws IOException {
        Path dir = sharedData().resolve("invalid");
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> invalid = files.filter(f -> f.toString().endsWith(".json") && !f.getFileName().toString().equals("INDEX.json"))
                    .sorted().toList();
            assertThat(invalid).hasSize(24);
            return invalid.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(),
                    () -> assertThatThrownBy(() -> submit(Files.readAllBytes(file)))
                            .isInstanceOf(InvalidSubmissionException.class)));
        }
    }

    @TestFactory
    Stream<DynamicTest> everySyntheaBundle_isAccepted() throws IOException {
        try (Stream<Path> files = Files.list(sharedData().resolve("synthea-r4"))) {
            List<Path> bundles = files.filter(f -> f.toString().endsWith(".json.gz")).sorted().toList();
            assertThat(bundles).hasSize(52);
            return bundles.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                    assertThat(READER.read(in.readAllBytes(), SubmissionKind.TRANSACTION).resourceCount()).isPositive();
                }
            }));
        }
    }

    /** Sends a file where a client would: a Bundle to the endpoint of its type, any other resource to [base]/[type]. */
    static void submit(byte[] body) {
        JsonNode json;
        try {
            json = JsonMapper.builder().build().readTree(body);
        } catch (JacksonException notJson) {
            READER.read(body, SubmissionKind.TRANSACTION);
            return;
        }
        String type = json.path("resourceType").asString();
        if (!"Bundle".equals(type)) {
            READER.readResource(body, type);
        } else if ("collection".equals(json.path("type").asString())) {
            READER.read(body, SubmissionKind.COLLECTION);
        } else {
            READER.read(body, SubmissionKind.TRANSACTION);
        }
    }

    static Path sharedData() {
        Path dir = Path.of(System.getProperty("metriccare.shared-data", "../../shared/data")).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            String reason = "Shared FHIR test data not found at " + dir + " (set -Dmetriccare.shared-data); skipping";
            System.out.println(reason);
            Assumptions.abort(reason);
        }
        return dir;
    }
}
