package io.metriccare.api.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import io.metriccare.api.ApiIntegrationTest;
import io.metriccare.api.ApiTestSupport;
import io.metriccare.ingest.storage.LakeProperties;
import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.database.DatabaseTenantScope;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** What real FHIR systems send, from the shared third-party data, through the HTTP endpoints. */
class SharedFhirDataIntegrationTests extends ApiIntegrationTest {

    private static final String FHIR_JSON = "application/fhir+json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private DatabaseTenantScope databaseScope;

    @Autowired
    private LakeProperties lake;

    @Test
    void everyInvalidFile_is4xxWithOperationOutcome_andWritesNothing() throws IOException {
        createTenant("invalid-files");
        List<Path> files = files(ApiTestSupport.sharedData().resolve("invalid"), ".json").stream()
                .filter(f -> !f.getFileName().toString().equals("INDEX.json")).toList();
        assertThat(files).hasSize(24);

        for (Path file : files) {
            byte[] body = Files.readAllBytes(file);
            HttpResponse<String> response = api.post(endpointFor("invalid-files", body), FHIR_JSON, body);
            assertThat(response.statusCode()).as("%s: %s", file.getFileName(), response.body()).isBetween(400, 499);
            JsonNode outcome = api.json(response);
            assertThat(outcome.get("resourceType").asString()).as(file.getFileName().toString()).isEqualTo("OperationOutcome");
            assertThat(outcome.get("issue").get(0).get("severity").asString()).isEqualTo("error");
        }
        assertThat(ledgerRows("invalid-files")).isZero();
        assertThat(lake.root().resolve("raw/tenant=invalid-files")).doesNotExist();
    }

    @Test
    void hl7Examples_submissionsAccepted_searchAndResponseBundlesRejected() throws IOException {
        createTenant("hl7-examples");
        Path dir = ApiTestSupport.sharedData().resolve("hl7-examples");
        Map<String, Integer> expected = Map.of(
                "bundle-transaction.json", 202, "bundle-request-medsallergies.json", 202, "bundle-references.json", 202,
                "bundle-example.json", 400, "bundle-search-warning.json", 400, "bundle-response.json", 400);

        for (var example : expected.entrySet()) {
            byte[] body = Files.readAllBytes(dir.resolve(example.getKey()));
            HttpResponse<String> response = api.post(endpointFor("hl7-examples", body), FHIR_JSON, body);
            assertThat(response.statusCode()).as("%s: %s", example.getKey(), response.body()).isIn(example.getValue(), 422);
            if (example.getValue() == 400) {
                assertThat(api.json(response).get("issue").get(0).get("diagnostics").asString())
                        .as(example.getKey()).startsWith("Bundle.type must be");
            } else {
                assertThat(response.statusCode()).as(example.getKey()).isEqualTo(202);
            }
        }
    }

    @Test
    void syntheaBundles_postedByTheHapiGenericClient_areAllAccepted_withTheirResourceCounts() throws IOException {
        createTenant("hapi-client");
        FhirContext fhir = FhirContext.forR4();
        fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        IGenericClient client = fhir.newRestfulGenericClient(api.baseUrl() + "/fhir/hapi-client");
        client.setEncoding(EncodingEnum.JSON);
        client.registerInterceptor(new BearerTokenAuthInterceptor(api.token()));

        List<Path> files = files(ApiTestSupport.sharedData().resolve("synthea-r4"), ".json.gz");
        assertThat(files).hasSize(52);
        for (Path file : files) {
            String bundle = gunzip(file);
            String outcome = client.transaction().withBundle(bundle).execute();
            String ingestionId = JSON.readTree(outcome).get("id").asString();
            JsonNode ledgerEntry = api.json(api.get("/api/v1/ingestions/" + ingestionId + "?tenantId=hapi-client"));
            assertThat(counts(ledgerEntry.get("resourceCounts"))).as(file.getFileName().toString()).isEqualTo(resourceCounts(bundle));
        }
        assertThat(ledgerRows("hapi-client")).isEqualTo(files.size());
    }

    private long ledgerRows(String tenantId) {
        return databaseScope.callAs(new TenantId(tenantId), () -> jdbc.sql("SELECT count(*) FROM ingestion WHERE tenant_id = ?")
                .param(tenantId).query(Long.class).single());
    }

    private void createTenant(String tenantId) {
        api.postJson("/api/v1/tenants", "{\"tenantId\":\"" + tenantId + "\",\"name\":\"" + tenantId + "\"}");
    }

    /** Where a client would send the file: a Bundle to the endpoint of its type, another resource to [base]/[type]. */
    private static String endpointFor(String tenantId, byte[] body) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (RuntimeException notJson) {
            return "/fhir/" + tenantId;
        }
        String type = json.path("resourceType").asString("");
        if (!type.equals("Bundle") && !type.isEmpty()) {
            return "/fhir/" + tenantId + "/" + type;
        }
        return "collection".equals(json.path("type").asString("")) ? "/fhir/" + tenantId + "/Bundle" : "/fhir/" + tenantId;
    }

    private static Map<String, Integer> resourceCounts(String bundle) {
        Map<String, Integer> counts = new TreeMap<>();
        for (JsonNode entry : JSON.readTree(bundle).get("entry")) {
            counts.merge(entry.get("resource").get("resourceType").asString(), 1, Integer::sum);
        }
        return counts;
    }

    private static Map<String, Integer> counts(JsonNode node) {
        Map<String, Integer> counts = new TreeMap<>();
        node.properties().forEach(field -> counts.put(field.getKey(), field.getValue().asInt()));
        return counts;
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
