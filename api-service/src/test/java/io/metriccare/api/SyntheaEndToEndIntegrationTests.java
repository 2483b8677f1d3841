package io.metriccare.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Real Synthea bundles through ingest and the engine: Bronze holds exactly the resources the files hold. */
class SyntheaEndToEndIntegrationTests extends ApiIntegrationTest {

    private static final Map<String, String> BRONZE_TABLES = Map.of(
            "Patient", "bronze/patient", "Encounter", "bronze/encounter", "Condition", "bronze/condition",
            "Observation", "bronze/observation", "Organization", "bronze/organization",
            "Location", "bronze/location", "Practitioner", "bronze/practitioner",
            "Procedure", "bronze/procedure");

    @Test
    void syntheaBundles_landInBronze_withOneRowPerResource() throws IOException {
        List<Path> files = syntheaFiles(12);
        assertThat(api.postJson("/api/v1/tenants", "{\"tenantId\":\"synthea\",\"name\":\"Synthea sample\"}").statusCode())
                .isEqualTo(201);

        Map<String, Set<String>> idsByType = new HashMap<>();
        for (Path file : files) {
            byte[] bundle = gunzip(file);
            HttpResponse<String> response = api.post("/fhir/synthea", "application/fhir+json", bundle);
            assertThat(response.statusCode()).as(file + ": " + response.body()).isEqualTo(202);
            for (JsonNode entry : JsonMapper.builder().build().readTree(bundle).get("entry")) {
                JsonNode resource = entry.get("resource");
                idsByType.computeIfAbsent(resource.get("resourceType").asString(), t -> new HashSet<>())
                        .add(resource.get("id").asString());
            }
        }

        JsonNode run = api.runEtl("{\"tenantIds\": [\"synthea\"]}");
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("succeeded");
        assertThat(run.get("inputCount").asInt()).isEqualTo(files.size());

        JsonNode tables = run.get("summary").get("tables");
        BRONZE_TABLES.forEach((type, table) -> assertThat(tables.path(table).path("synthea").asLong(0))
                .as("rows of %s", table)
                .isEqualTo(idsByType.getOrDefault(type, Set.of()).size()));
        assertThat(idsByType.get("Encounter")).isNotEmpty();
    }

    /** The two information bundles first (patient bundles point into them), then patient bundles. */
    private static List<Path> syntheaFiles(int count) throws IOException {
        Path dir = ApiTestSupport.sharedData().resolve("synthea-r4");
        try (Stream<Path> listing = Files.list(dir)) {
            List<Path> all = listing.filter(f -> f.getFileName().toString().endsWith(".json.gz")).sorted().toList();
            List<Path> chosen = new ArrayList<>(all.subList(0, Math.min(count, all.size())));
            assertThat(chosen.get(0).getFileName().toString()).startsWith("0-hospitalInformation");
            assertThat(chosen.get(1).getFileName().toString()).startsWith("0-practitionerInformation");
            return chosen;
        }
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }
}
