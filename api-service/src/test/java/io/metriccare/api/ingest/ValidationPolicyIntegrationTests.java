package io.metriccare.api.ingest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import io.metriccare.api.ApiIntegrationTest;
import io.metriccare.ingest.storage.LakeProperties;
import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.database.DatabaseTenantScope;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The tenant's validation policy decides what happens to a Bundle with some invalid entries. */
class ValidationPolicyIntegrationTests extends ApiIntegrationTest {

    private static final String FHIR_JSON = "application/fhir+json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Five entries: three valid, one Encounter ending before it starts (per-1), one Observation with a bad reference form. */
    private static final String MIXED_BATCH = """
            {"resourceType": "Bundle", "type": "batch", "entry": [
              {"resource": {"resourceType": "Patient", "id": "p1"}, "request": {"method": "PUT", "url": "Patient/p1"}},
              {"resource": {"resourceType": "Encounter", "id": "e-reversed", "status": "finished", "class": {"code": "IMP"},
                "subject": {"reference": "Patient/p1"},
                "period": {"start": "2024-03-02T10:00:00Z", "end": "2024-03-01T10:00:00Z"}},
               "request": {"method": "PUT", "url": "Encounter/e-reversed"}},
              {"resource": {"resourceType": "Encounter", "id": "e-ok", "status": "finished", "class": {"code": "IMP"},
                "subject": {"reference": "Patient/p1"},
                "period": {"start": "2024-03-01T10:00:00Z", "end": "2024-03-02T10:00:00Z"}},
               "request": {"method": "PUT", "url": "Encounter/e-ok"}},
              {"resource": {"resourceType": "Observation", "id": "o-bad-ref", "status": "final", "code": {"text": "pulse"},
                "subject": {"reference": "patient p1"}}, "request": {"method": "PUT", "url": "Observation/o-bad-ref"}},
              {"resource": {"resourceType": "Observation", "id": "o-ok", "status": "final", "code": {"text": "pulse"},
                "subject": {"reference": "Patient/p1"}}, "request": {"method": "PUT", "url": "Observation/o-ok"}}
            ]}""";

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private DatabaseTenantScope databaseScope;

    @Autowired
    private LakeProperties lake;

    @Test
    void defaultPolicy_rejectsTheWholeBundle_forOneInvalidEntry() throws IOException {
        String tenant = tenant("policy-default", null);

        HttpResponse<String> response = api.post("/fhir/" + tenant, FHIR_JSON, bytes(MIXED_BATCH));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(api.json(response).get("issue")).extracting(issue -> issue.get("expression").get(0).asString())
                .containsExactly("Bundle.entry[1].resource.period", "Bundle.entry[3].resource.subject.reference");
        assertNothingStored(tenant);
    }

    @Test
    void acceptValidEntries_storesTheValidEntries_andReportsTheOthersAtTheirLocations() throws IOException {
        String tenant = tenant("policy-lenient", "accept-valid-entries");

        HttpResponse<String> response = api.post("/fhir/" + tenant, FHIR_JSON, bytes(MIXED_BATCH));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode outcome = api.json(response);
        String ingestionId = outcome.get("id").asString();
        assertThat(outcome.get("issue").get(0).get("severity").asString()).isEqualTo("information");
        assertThat(outcome.get("issue").get(0).get("diagnostics").asString())
                .isEqualTo("Accepted batch Bundle with 3 resources as ingestion %s; 2 entries left out".formatted(ingestionId));
        assertThat(outcome.get("issue").valueStream().skip(1).toList()).extracting(issue -> issue.get("severity").asString(), this::expressions).containsExactly(
                tuple("warning", "Bundle.entry[1], Bundle.entry[1].resource.period"),
                tuple("warning", "Bundle.entry[3], Bundle.entry[3].resource.subject.reference"));
        assertThat(outcome.get("issue").get(1).get("diagnostics").asString()).isEqualTo("Entry left out, not stored: Bundle.entry[1] "
                + "(Encounter/e-reversed): Period.end must not be before Period.start (2024-03-01T10:00:00Z < 2024-03-02T10:00:00Z)");

        JsonNode ledgerEntry = api.json(api.get(response.headers().firstValue("Content-Location").orElseThrow()));
        assertThat(ledgerEntry.get("resourceCount").asInt()).isEqualTo(3);
        assertThat(ledgerEntry.get("resourceCounts").get("Encounter").asInt()).isEqualTo(1);
        assertThat(ledgerEntry.get("resourceCounts").get("Observation").asInt()).isEqualTo(1);
        assertThat(ledgerEntry.get("rejectedEntries"))
                .extracting(e -> e.get("index").asInt(), e -> e.get("resourceType").asString(), e -> e.get("resourceId").asString())
                .containsExactly(tuple(1, "Encounter", "e-reversed"), tuple(3, "Observation", "o-bad-ref"));
        assertThat(ledgerEntry.get("rejectedEntries").get(1).get("issues").get(0).get("location").asString())
                .isEqualTo("Bundle.entry[3].resource.subject.reference");

        // the raw object is what the ETL reads: the received Bundle without the rejected entries
        String stored = Files.readString(lake.root().resolve(ledgerEntry.get("objectKey").asString()));
        assertThat(resourceIds(stored)).containsExactly("p1", "e-ok", "o-ok");
        JsonNode received = JSON.readTree(MIXED_BATCH).get("entry");
        assertThat(JSON.readTree(stored).get("entry")).containsExactly(received.get(0), received.get(2), received.get(4));
        assertThat(ledgerEntry.get("sizeBytes").asLong()).isEqualTo(stored.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void acceptValidEntries_repeat_isTheOriginalIngestion_withItsEntriesLeftOut() {
        String tenant = tenant("policy-repeat", "accept-valid-entries");
        HttpResponse<String> first = api.post("/fhir/" + tenant, FHIR_JSON, bytes(MIXED_BATCH));

        HttpResponse<String> repeat = api.post("/fhir/" + tenant, FHIR_JSON, bytes(MIXED_BATCH));

        assertThat(repeat.statusCode()).isEqualTo(200);
        assertThat(api.json(repeat).get("id").asString()).isEqualTo(api.json(first).get("id").asString());
        assertThat(api.json(repeat).get("issue").valueStream().skip(1).toList()).extracting(this::expressions).containsExactly(
                "Bundle.entry[1], Bundle.entry[1].resource.period", "Bundle.entry[3], Bundle.entry[3].resource.subject.reference");
        assertThat(ingestionRows(tenant)).isEqualTo(1);
    }

    @Test
    void acceptValidEntries_gzipBody_isStoredGzipped_withoutTheRejectedEntries() throws IOException {
        String tenant = tenant("policy-gzip", "accept-valid-entries");

        HttpResponse<String> response = api.post("/fhir/" + tenant, FHIR_JSON, gzip(bytes(MIXED_BATCH)), "Content-Encoding", "gzip");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String objectKey = api.json(api.get(response.headers().firstValue("Content-Location").orElseThrow())).get("objectKey").asString();
        assertThat(objectKey).endsWith(".json.gz");
        assertThat(resourceIds(gunzip(Files.readAllBytes(lake.root().resolve(objectKey))))).containsExactly("p1", "e-ok", "o-ok");
    }

    @Test
    void acceptValidEntries_bundleWithoutAnyValidEntry_is422_andStoresNothing() throws IOException {
        String tenant = tenant("policy-all-bad", "accept-valid-entries");

        HttpResponse<String> response = api.post("/fhir/" + tenant + "/Bundle", FHIR_JSON, bytes("""
                {"resourceType": "Bundle", "type": "collection", "entry": [
                  {"fullUrl": "urn:uuid:4b2c8f0e-0000-4000-8000-000000000001",
                   "resource": {"resourceType": "Encounter", "id": "e1", "status": "finished", "class": {"code": "IMP"},
                     "period": {"start": "2024-03-02", "end": "2024-03-01"}}},
                  {"fullUrl": "urn:uuid:4b2c8f0e-0000-4000-8000-000000000002",
                   "resource": {"resourceType": "Observation", "id": "o1", "status": "final", "code": {"text": "pulse"},
                     "subject": {"reference": "Patient p1"}}}
                ]}"""));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(api.json(response).get("issue")).extracting(issue -> issue.get("expression").get(0).asString())
                .containsExactly("Bundle.entry[0].resource.period", "Bundle.entry[1].resource.subject.reference");
        assertNothingStored(tenant);
    }

    @Test
    void acceptValidEntries_stillRejectsTheBundle_forAFindingAboutTheBundleItself() throws IOException {
        String tenant = tenant("policy-bundle-level", "accept-valid-entries");
        String twoSelfLinks = MIXED_BATCH.replace("\"type\": \"batch\",",
                "\"type\": \"batch\", \"link\": [{\"relation\": \"self\", \"url\": \"http://a\"}, {\"relation\": \"self\", \"url\": \"http://b\"}],");

        HttpResponse<String> response = api.post("/fhir/" + tenant, FHIR_JSON, bytes(twoSelfLinks));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(api.json(response).get("issue").get(0).get("expression").get(0).asString()).isEqualTo("Bundle.link");
        assertNothingStored(tenant);
    }

    private String tenant(String tenantId, String policy) {
        api.postJson("/api/v1/tenants", "{\"tenantId\":\"" + tenantId + "\",\"name\":\"" + tenantId + "\"}");
        if (policy != null) {
            HttpResponse<String> settings = api.putJson("/api/v1/tenants/" + tenantId + "/settings", "{\"validationPolicy\":\"" + policy + "\"}");
            assertThat(settings.statusCode()).as(settings.body()).isEqualTo(200);
        }
        return tenantId;
    }

    private String expressions(JsonNode issue) {
        return String.join(", ", issue.get("expression").valueStream().map(JsonNode::asString).toList());
    }

    private void assertNothingStored(String tenant) throws IOException {
        assertThat(ingestionRows(tenant)).isZero();
        Path raw = lake.root().resolve("raw/tenant=" + tenant);
        if (Files.exists(raw)) {
            try (Stream<Path> files = Files.walk(raw)) {
                assertThat(files.filter(Files::isRegularFile)).isEmpty();
            }
        }
    }

    private static List<String> resourceIds(String bundle) {
        return JSON.readTree(bundle).get("entry").valueStream().map(entry -> entry.get("resource").get("id").asString()).toList();
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        }
        return out.toByteArray();
    }

    private static String gunzip(byte[] gzipped) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The tenant's ledger rows, counted in its own scope: row-level security hides them from any other. */
    private long ingestionRows(String tenant) {
        return databaseScope.callAs(new TenantId(tenant),
                () -> jdbc.sql("SELECT count(*) FROM ingestion WHERE tenant_id = ?").param(tenant).query(Long.class).single());
    }
}
