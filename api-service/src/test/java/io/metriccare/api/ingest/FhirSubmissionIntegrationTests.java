package io.metriccare.api.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import io.metriccare.api.ApiIntegrationTest;
import io.metriccare.ingest.storage.LakeProperties;
import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.database.DatabaseTenantScope;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class FhirSubmissionIntegrationTests extends ApiIntegrationTest {

    private static final String TENANT = "ingest-checks";
    private static final String FHIR_JSON = "application/fhir+json";

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private DatabaseTenantScope databaseScope;

    @Autowired
    private LakeProperties lake;

    @BeforeEach
    void tenant() {
        api.postJson("/api/v1/tenants", "{\"tenantId\":\"" + TENANT + "\",\"name\":\"Ingest checks\"}");
    }

    @Test
    void acceptedBundle_isStoredAsReceived_andRecordedInTheLedger() throws IOException {
        byte[] body = batch("p-stored");
        HttpResponse<String> response = api.post("/fhir/" + TENANT, FHIR_JSON, body);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith(FHIR_JSON));
        String ingestionId = api.json(response).get("id").asString();
        JsonNode ledgerEntry = api.json(api.get(response.headers().firstValue("Content-Location").orElseThrow()));
        assertThat(ledgerEntry.get("ingestionId").asString()).isEqualTo(ingestionId);
        assertThat(ledgerEntry.get("resourceCounts").get("Patient").asInt()).isEqualTo(1);
        assertThat(ledgerEntry.get("status").asString()).isEqualTo("accepted");
        String objectKey = ledgerEntry.get("objectKey").asString();
        assertThat(objectKey).matches("raw/tenant=" + TENANT + "/dt=\\d{4}-\\d{2}-\\d{2}/" + ingestionId + "\\.json");
        assertThat(Files.readAllBytes(lake.root().resolve(objectKey))).isEqualTo(body);
        assertThat(api.json(api.get("/api/v1/ingestions?tenantId=" + TENANT + "&status=accepted")))
                .extracting(entry -> entry.get("ingestionId").asString()).contains(ingestionId);
    }

    @Test
    void sameBundleTwice_returnsTheOriginalIngestion_andStoresOnce() throws IOException {
        byte[] body = batch("p-twice");
        HttpResponse<String> first = api.post("/fhir/" + TENANT, FHIR_JSON, body);
        HttpResponse<String> second = api.post("/fhir/" + TENANT, FHIR_JSON, body);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(api.json(second).get("id").asString()).isEqualTo(api.json(first).get("id").asString());
        assertThat(rowsWithBody(body)).isEqualTo(1);
        assertThat(rawObjects()).as("one raw object per ledger row").isEqualTo(ledgerRows());
    }

    @Test
    void eightConcurrentIdenticalSubmissions_storeExactlyOne() throws Exception {
        byte[] body = batch("p-concurrent");
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Callable<HttpResponse<String>>> posts = IntStream.range(0, 8)
                    .<Callable<HttpResponse<String>>>mapToObj(i -> () -> api.post("/fhir/" + TENANT, FHIR_JSON, body)).toList();
            List<HttpResponse<String>> responses = clients.invokeAll(posts).stream().map(FhirSubmissionIntegrationTests::done).toList();

            assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(200, 202);
            assertThat(responses).filteredOn(r -> r.statusCode() == 202).hasSize(1);
            assertThat(responses).extracting(r -> api.json(r).get("id").asString()).containsOnly(api.json(responses.get(0)).get("id").asString());
            assertThat(rowsWithBody(body)).isEqualTo(1);
            assertThat(rawObjects()).as("one raw object per ledger row").isEqualTo(ledgerRows());
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void idempotencyKey_repeatReturnsOriginal_butADifferentBodyIsAConflict() {
        HttpResponse<String> first = api.post("/fhir/" + TENANT, FHIR_JSON, batch("p-key-1"), "Idempotency-Key", "key-1");
        HttpResponse<String> repeat = api.post("/fhir/" + TENANT, FHIR_JSON, batch("p-key-1"), "Idempotency-Key", "key-1");
        HttpResponse<String> reused = api.post("/fhir/" + TENANT, FHIR_JSON, batch("p-key-2"), "Idempotency-Key", "key-1");

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(repeat.statusCode()).isEqualTo(200);
        assertThat(reused.statusCode()).isEqualTo(409);
        assertThat(api.json(reused).get("issue").get(0).get("diagnostics").asString()).isEqualTo(
                "Cannot accept submission: this Idempotency-Key was used for a different body by ingestion %s (key-1)"
                        .formatted(api.json(first).get("id").asString()));
    }

    @Test
    void gzipBody_isAccepted_andStoredAsReceived() throws IOException {
        byte[] gzipped = gzip(batch("p-gzip"));
        HttpResponse<String> response = api.post("/fhir/" + TENANT, FHIR_JSON, gzipped, "Content-Encoding", "gzip");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String objectKey = databaseScope.callAs(new TenantId(TENANT), () -> jdbc.sql("SELECT object_key FROM ingestion WHERE ingestion_id = ?::uuid")
                .param(api.json(response).get("id").asString()).query(String.class).single());
        assertThat(objectKey).endsWith(".json.gz");
        assertThat(Files.readAllBytes(lake.root().resolve(objectKey))).isEqualTo(gzipped);
    }

    @Test
    void gzipBodyDecodingPastTheLimit_is413_andChangesNothing() throws IOException {
        long ledgerBefore = ledgerRows();
        long objectsBefore = rawObjects();
        byte[] oversized = new byte[8 * 1024 * 1024 + 1];
        Arrays.fill(oversized, (byte) ' ');

        HttpResponse<String> response = api.post("/fhir/" + TENANT, FHIR_JSON, gzip(oversized), "Content-Encoding", "gzip");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(api.json(response).get("issue").get(0).get("diagnostics").asString())
                .isEqualTo("Cannot accept submission: the body exceeds the limit of 8388608 bytes");
        assertThat(ledgerRows()).isEqualTo(ledgerBefore);
        assertThat(rawObjects()).isEqualTo(objectsBefore);
    }

    @Test
    void singleResource_isAccepted_atItsTypeEndpoint() {
        HttpResponse<String> response = api.post("/fhir/" + TENANT + "/Patient", FHIR_JSON,
                "{\"resourceType\":\"Patient\",\"id\":\"single-1\",\"gender\":\"female\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode entry = api.json(api.get(response.headers().firstValue("Content-Location").orElseThrow()));
        assertThat(entry.get("submissionKind").asString()).isEqualTo("resource");
        assertThat(entry.get("resourceCounts").get("Patient").asInt()).isEqualTo(1);
    }

    @Test
    void resourceOfAnotherType_thanThePath_isRejected() {
        HttpResponse<String> response = api.post("/fhir/" + TENANT + "/Observation", FHIR_JSON,
                "{\"resourceType\":\"Patient\",\"id\":\"wrong-endpoint\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(api.json(response).get("resourceType").asString()).isEqualTo("OperationOutcome");
    }

    @Test
    void metadata_isACapabilityStatement() {
        JsonNode capabilities = api.json(api.get("/fhir/" + TENANT + "/metadata"));

        assertThat(capabilities.get("resourceType").asString()).isEqualTo("CapabilityStatement");
        assertThat(capabilities.get("fhirVersion").asString()).isEqualTo("4.0.1");
        assertThat(capabilities.get("rest").get(0).get("interaction")).extracting(i -> i.get("code").asString())
                .containsExactly("transaction", "batch");
    }

    @Test
    void invalidBundle_getsOperationOutcome_andChangesNothing() throws IOException {
        long ledgerBefore = ledgerRows();
        long objectsBefore = rawObjects();

        HttpResponse<String> response = api.post("/fhir/" + TENANT, FHIR_JSON,
                "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\",\"gender\":42}}]}"
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode outcome = api.json(response);
        assertThat(outcome.get("resourceType").asString()).isEqualTo("OperationOutcome");
        assertThat(outcome.get("issue").get(0).get("severity").asString()).isEqualTo("error");
        assertThat(ledgerRows()).isEqualTo(ledgerBefore);
        assertThat(rawObjects()).isEqualTo(objectsBefore);
    }

    @Test
    void parseableButInvalidBundle_is422_withTheFhirPathOfTheFault() {
        HttpResponse<String> response = api.post("/fhir/" + TENANT, FHIR_JSON, """
                {"resourceType": "Bundle", "type": "batch", "entry": [
                  {"resource": {"resourceType": "Patient", "id": "p-ok"}, "request": {"method": "PUT", "url": "Patient/p-ok"}},
                  {"resource": {"resourceType": "Encounter", "id": "e-reversed", "status": "finished", "class": {"code": "IMP"},
                    "period": {"start": "2024-03-02T10:00:00Z", "end": "2024-03-01T10:00:00Z"}},
                   "request": {"method": "PUT", "url": "Encounter/e-reversed"}}
                ]}""".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode issue = api.json(response).get("issue").get(0);
        assertThat(issue.get("code").asString()).isEqualTo("value");
        assertThat(issue.get("expression").get(0).asString()).isEqualTo("Bundle.entry[1].resource.period");
        assertThat(issue.get("diagnostics").asString())
                .isEqualTo("Period.end must not be before Period.start (2024-03-01T10:00:00Z < 2024-03-02T10:00:00Z)");
    }

    @Test
    void unknownTenant_isNotFound_asOperationOutcome() {
        HttpResponse<String> response = api.post("/fhir/no-such-tenant", FHIR_JSON,
                "{\"resourceType\":\"Bundle\",\"type\":\"batch\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(api.json(response).get("issue").get(0).get("diagnostics").asString())
                .isEqualTo("Cannot find tenant: no tenant has this id (no-such-tenant)");
    }

    @Test
    void tenantIdThatCouldEscapeThePath_isRejected() {
        HttpResponse<String> response = api.post("/fhir/Bad..Tenant", FHIR_JSON,
                "{\"resourceType\":\"Bundle\",\"type\":\"batch\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(api.json(response).get("resourceType").asString()).isEqualTo("OperationOutcome");
    }

    private static byte[] batch(String patientId) {
        return ("{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\",\"id\":\""
                + patientId + "\"},\"request\":{\"method\":\"PUT\",\"url\":\"Patient/" + patientId + "\"}}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        }
        return out.toByteArray();
    }

    private long rowsWithBody(byte[] body) {
        String sha256 = HexFormat.of().formatHex(sha256(body));
        return databaseScope.callAs(new TenantId(TENANT), () -> jdbc.sql("SELECT count(*) FROM ingestion WHERE tenant_id = ? AND sha256 = ?")
                .params(TENANT, sha256).query(Long.class).single());
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T done(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long ledgerRows() {
        return databaseScope.callAs(new TenantId(TENANT), () -> jdbc.sql("SELECT count(*) FROM ingestion WHERE tenant_id = ?").param(TENANT)
                .query(Long.class).single());
    }

    private long rawObjects() throws IOException {
        Path raw = lake.root().resolve("raw/tenant=" + TENANT);
        if (!Files.isDirectory(raw)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(raw)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
