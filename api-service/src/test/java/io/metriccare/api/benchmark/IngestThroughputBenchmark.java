package io.metriccare.api.benchmark;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import io.metriccare.api.ApiIntegrationTest;
import io.metriccare.api.ApiTestSupport;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ingest throughput over the 50 Synthea patient bundles with 8 concurrent clients, against the rate
 * at which HAPI FHIR alone strictly parses the same bytes in the same JVM. Each round posts to a
 * fresh tenant so idempotency does not turn the work into repeats. Run on demand (see README).
 */
@Tag("benchmark")
class IngestThroughputBenchmark extends ApiIntegrationTest {

    private static final int ROUNDS = 3;
    private static final int CLIENTS = 8;

    @Test
    void eightClients_versusBareParse() throws Exception {
        List<byte[]> bundles = patientBundles();
        long bytes = bundles.stream().mapToLong(b -> b.length).sum();
        FhirContext fhir = FhirContext.forR4();
        int resources = bundles.stream().mapToInt(b -> parse(fhir, b).getEntry().size()).sum();

        // one untimed round of each warms the JIT on both paths
        runAll(2, bundles, 1, b -> parse(fhir, b));
        ingestRounds(bundles, List.of("ingest-bench-warmup"), new ArrayList<>());
        double parseSeconds = timed(() -> runAll(2, bundles, ROUNDS, b -> parse(fhir, b)));
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        List<String> tenants = Stream.iterate(0, i -> i + 1).limit(ROUNDS).map(i -> "ingest-bench-" + i).toList();
        double ingestSeconds = timed(() -> ingestRounds(bundles, tenants, latencies));

        List<Long> sorted = latencies.stream().sorted().toList();

        double parseRate = resources * ROUNDS / parseSeconds;
        double ingestRate = resources * ROUNDS / ingestSeconds;
        System.out.printf("%nBENCHMARK ingest: %d bundles x %d rounds, %d resources/round, %.1f MB/round; "
                        + "bare HAPI strict parse (2 threads) %.0f resources/s; end-to-end (%d clients) %.0f resources/s, %.1f MB/s, "
                        + "p50 %.0f ms, p99 %.0f ms; ratio %.0f%%%n",
                bundles.size(), ROUNDS, resources, bytes / 1e6, parseRate, CLIENTS, ingestRate, bytes * ROUNDS / 1e6 / ingestSeconds,
                sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.99)) / 1e6, 100 * ingestRate / parseRate);
    }

    /** Posts every bundle once per tenant (a round each) with 8 clients. */
    private void ingestRounds(List<byte[]> bundles, List<String> tenants, List<Long> latencies) throws Exception {
        for (String tenant : tenants) {
            api.postJson("/api/v1/tenants", "{\"tenantId\":\"" + tenant + "\",\"name\":\"bench\"}");
            runAll(CLIENTS, bundles, 1, b -> {
                long start = System.nanoTime();
                HttpResponse<String> response = api.post("/fhir/" + tenant, "application/fhir+json", b);
                latencies.add(System.nanoTime() - start);
                assertThat(response.statusCode()).isEqualTo(202);
                return response;
            });
        }
    }

    private interface Work {
        Object apply(byte[] bundle) throws Exception;
    }

    private static void runAll(int threads, List<byte[]> bundles, int rounds, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Object>> tasks = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                bundles.forEach(bundle -> tasks.add(() -> work.apply(bundle)));
            }
            for (Future<Object> done : pool.invokeAll(tasks)) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private interface Timed {
        void run() throws Exception;
    }

    private static double timed(Timed body) throws Exception {
        long start = System.nanoTime();
        body.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private static Bundle parse(FhirContext fhir, byte[] bundle) {
        return fhir.newJsonParser().setParserErrorHandler(new StrictErrorHandler())
                .parseResource(Bundle.class, new ByteArrayInputStream(bundle));
    }

    private static List<byte[]> patientBundles() throws IOException {
        try (Stream<Path> listing = Files.list(ApiTestSupport.sharedData().resolve("synthea-r4"))) {
            List<byte[]> bundles = new ArrayList<>();
            for (Path file : listing.filter(f -> f.toString().endsWith(".json.gz") && !f.getFileName().toString().startsWith("0-"))
                    .sorted().toList()) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                    bundles.add(in.readAllBytes());
                }
            }
            return bundles;
        }
    }
}
