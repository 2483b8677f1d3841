package io.metriccare.api.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import io.metriccare.api.ApiIntegrationTest;
import io.metriccare.api.ApiTestSupport;
import io.metriccare.ingest.validation.InstanceValidator;
import io.metriccare.ingest.validation.ValidationIssue;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throughput of the service's instance validator (HAPI FhirInstanceValidator, one thread, warm) over a
 * few Synthea patient bundles, against HAPI's strict parse of the same bytes on the same thread; and
 * the validator's cold start (loading every R4 definition). Run on demand (see README).
 */
@Tag("benchmark")
class InstanceValidationBenchmark extends ApiIntegrationTest {

    private static final int BUNDLES = 5;
    private static final int PARSE_ROUNDS = 5;

    @Autowired
    private InstanceValidator validator;

    @Test
    void instanceValidator_versusStrictParse() throws IOException {
        List<String> bundles = patientBundles();
        FhirContext fhir = FhirContext.forR4();
        int resources = bundles.stream().mapToInt(b -> parse(fhir, b).getEntry().size()).sum();
        long bytes = bundles.stream().mapToLong(b -> b.getBytes(StandardCharsets.UTF_8).length).sum();

        long coldStart = System.nanoTime();
        validator.validate(bundles.get(0));
        double coldSeconds = (System.nanoTime() - coldStart) / 1e9;
        bundles.forEach(validator::validate);

        long parseStart = System.nanoTime();
        for (int round = 0; round < PARSE_ROUNDS; round++) {
            bundles.forEach(b -> parse(fhir, b));
        }
        double parseSeconds = (System.nanoTime() - parseStart) / 1e9 / PARSE_ROUNDS;
        Map<String, Integer> findings = new TreeMap<>();
        long validateStart = System.nanoTime();
        for (String bundle : bundles) {
            validator.validate(bundle).stream().map(ValidationIssue::severity).forEach(severity -> findings.merge(severity, 1, Integer::sum));
        }
        double validateSeconds = (System.nanoTime() - validateStart) / 1e9;

        assertThat(findings).isNotEmpty();
        System.out.printf("%nBENCHMARK instance validation: %d bundles, %d resources, %.1f MB; strict parse %.0f resources/s; "
                        + "instance validator %.1f resources/s (%.0f ms per bundle); %.0fx slower; first validation (cold) %.1f s; "
                        + "findings %s; cores %d%n",
                bundles.size(), resources, bytes / 1e6, resources / parseSeconds, resources / validateSeconds,
                validateSeconds * 1000 / bundles.size(), parseSeconds == 0 ? 0 : validateSeconds / parseSeconds, coldSeconds,
                findings, Runtime.getRuntime().availableProcessors());
    }

    private static Bundle parse(FhirContext fhir, String bundle) {
        return fhir.newJsonParser().setParserErrorHandler(new StrictErrorHandler()).parseResource(Bundle.class, bundle);
    }

    private static List<String> patientBundles() throws IOException {
        try (Stream<Path> listing = Files.list(ApiTestSupport.sharedData().resolve("synthea-r4"))) {
            List<String> bundles = new ArrayList<>();
            for (Path file : listing.filter(f -> f.toString().endsWith(".json.gz") && !f.getFileName().toString().startsWith("0-"))
                    .sorted().limit(BUNDLES).toList()) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                    bundles.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            return bundles;
        }
    }
}
