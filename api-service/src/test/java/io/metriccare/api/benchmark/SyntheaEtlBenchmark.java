package io.metriccare.api.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import io.metriccare.api.ApiIntegrationTest;
import io.metriccare.api.ApiTestSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wall time of one full ETL run over all shared Synthea bundles, through the product: ingest over
 * HTTP, then one run of the local engine. Run on demand (see README, "Benchmarks").
 */
@Tag("benchmark")
class SyntheaEtlBenchmark extends ApiIntegrationTest {

    @Test
    void fullRun_overAllSyntheaBundles() throws IOException {
        Path dir = ApiTestSupport.sharedData().resolve("synthea-r4");
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(f -> f.getFileName().toString().endsWith(".json.gz")).sorted().toList();
        }
        api.postJson("/api/v1/tenants", "{\"tenantId\":\"bench\",\"name\":\"Benchmark\"}");
        long bytes = 0;
        Instant ingestStart = Instant.now();
        for (Path file : files) {
            byte[] bundle;
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                bundle = in.readAllBytes();
            }
            bytes += bundle.length;
            assertThat(api.post("/fhir/bench", "application/fhir+json", bundle).statusCode()).isEqualTo(202);
        }
        Duration ingest = Duration.between(ingestStart, Instant.now());

        Instant runStart = Instant.now();
        JsonNode run = api.runEtl("{\"tenantIds\": [\"bench\"]}");
        Duration wall = Duration.between(runStart, Instant.now());
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("succeeded");

        System.out.printf("%nBENCHMARK synthea-etl: %d bundles, %.1f MB; ingest %d ms (1 client); ETL run wall %d ms "
                        + "(request to published); stages %s; cores %d%n",
                files.size(), bytes / 1e6, ingest.toMillis(), wall.toMillis(), run.get("summary").get("stages"),
                Runtime.getRuntime().availableProcessors());
    }
}
