package io.metriccare.api.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import io.metriccare.api.ApiIntegrationTest;
import io.metriccare.ingest.storage.LakeProperties;
import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.database.DatabaseTenantScope;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BulkImportIntegrationTests extends ApiIntegrationTest {

    private static final String TENANT = "bulk-import-checks";
    private static final String NDJSON = "application/fhir+ndjson";
    private static final TenantId TENANT_ID = new TenantId(TENANT);

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private DatabaseTenantScope databaseScope;

    @Autowired
    private LakeProperties lake;

    @BeforeEach
    void tenant() {
        api.post("/api/v1/tenants", "application/json", ("{\"tenantId\":\"" + TENANT + "\",\"name\":\"Bulk import checks\"}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void gzippedNdjson_isImportedInBatchesOfAThousand_intoTheLedgerAndTheRawZone() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            lines.add(patient(run + "-p" + i));
            lines.add(encounter(run + "-e" + i, run + "-p" + i));
        }
        lines.add(100, "this is not json");
        lines.add(2000, "{\"resourceType\":\"Patient\",\"id\":\"" + run + "-bad\",\"gender\":42}");
        byte[] body = gzip(String.join("\n", lines) + "\n");

        long started = System.nanoTime();
        HttpResponse<String> accepted = api.post("/fhir/" + TENANT + "/$import", NDJSON, body, "Content-Encoding", "gzip");

        assertThat(accepted.statusCode()).isEqualTo(202);
        JsonNode outcome = api.json(accepted);
        String jobId = outcome.get("id").asString();
        String statusPath = "/fhir/" + TENANT + "/$import-status/" + jobId;
        assertThat(accepted.headers().firstValue("Content-Location")).hasValue(statusPath);
        assertThat(outcome.get("resourceType").asString()).isEqualTo("OperationOutcome");
        assertThat(outcome.get("issue").get(0).get("severity").asString()).isEqualTo("information");

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
            HttpResponse<String> status = api.get(statusPath);
            if (status.statusCode() == 202) {
                assertThat(status.headers().firstValue("X-Progress"))
                        .hasValueSatisfying(progress -> assertThat(progress).matches("\\d+ lines read, \\d+ accepted, \\d+ rejected"));
            }
            return status.statusCode() == 200;
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("Bulk import of %d NDJSON lines (%d bytes gzipped): %.2f s, %.0f resources/s%n",
                lines.size(), body.length, seconds, 3000 / seconds);

        HttpResponse<String> finished = api.get(statusPath);
        assertThat(finished.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode job = api.json(finished);
        assertThat(job.get("jobId").asString()).isEqualTo(jobId);
        assertThat(job.get("status").asString()).isEqualTo("completed");
        assertThat(job.get("linesRead").asLong()).isEqualTo(3002);
        assertThat(job.get("resourcesAccepted").asLong()).isEqualTo(3000);
        assertThat(job.get("resourcesRejected").asLong()).isEqualTo(2);
        JsonNode errors = job.get("errors");
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).get("line").asLong()).isEqualTo(101);
        assertThat(errors.get(0).get("message").asString()).startsWith("HAPI-1861: Failed to parse JSON encoded FHIR content: ");
        assertThat(errors.get(1).get("line").asLong()).isEqualTo(2001);
        assertThat(errors.get(1).get("message").asString()).startsWith("HAPI-1821: [element=\"gender\"] Invalid attribute value \"42\"");

        List<UUID> ingestionIds = new ArrayList<>();
        job.get("ingestionIds").forEach(id -> ingestionIds.add(UUID.fromString(id.asString())));
        assertThat(ingestionIds).hasSize(3);
        UUID[] ids = ingestionIds.toArray(UUID[]::new);
        List<Integer> counts = databaseScope.callAs(TENANT_ID, () -> jdbc.sql("""
                SELECT resource_count FROM ingestion
                WHERE tenant_id = ? AND ingestion_id = ANY (?) AND submission_kind = 'bulk' AND bundle_type = 'collection'
                """).params(TENANT, ids).query(Integer.class).list());
        assertThat(counts).containsExactly(1000, 1000, 1000);
        assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(3000);
        List<String> objectKeys = databaseScope.callAs(TENANT_ID, () -> jdbc.sql("SELECT object_key FROM ingestion WHERE ingestion_id = ANY (?)")
                .param(ids).query(String.class).list());
        assertThat(objectKeys).hasSize(3).allSatisfy(key -> assertThat(lake.root().resolve(key)).isRegularFile());
    }

    @Test
    void plainNdjson_withoutContentEncoding_isImportedToo() {
        String id = "plain-" + UUID.randomUUID();
        HttpResponse<String> accepted = api.post("/fhir/" + TENANT + "/$import", "application/x-ndjson", (patient(id) + "\n").getBytes(StandardCharsets.UTF_8));

        assertThat(accepted.statusCode()).isEqualTo(202);
        String statusPath = accepted.headers().firstValue("Content-Location").orElseThrow();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get(statusPath).statusCode() == 200);
        JsonNode job = api.json(api.get(statusPath));
        assertThat(job.get("resourcesAccepted").asLong()).isEqualTo(1);
        assertThat(job.get("errors")).isEmpty();
    }

    @Test
    void statusOfAnUnknownJob_isNotFound_asOperationOutcome() {
        UUID jobId = UUID.randomUUID();
        HttpResponse<String> response = api.get("/fhir/" + TENANT + "/$import-status/" + jobId);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(api.json(response).get("issue").get(0).get("diagnostics").asString())
                .isEqualTo("Cannot find bulk import: the tenant has no import with this id (" + jobId + ")");
        assertThat(api.get("/fhir/" + TENANT + "/$import-status/not-a-uuid").statusCode()).isEqualTo(404);
    }

    @Test
    void importForAnUnknownTenant_isNotFound() {
        HttpResponse<String> response = api.post("/fhir/no-such-tenant/$import", NDJSON, patient("p1").getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(api.json(response).get("issue").get(0).get("diagnostics").asString())
                .isEqualTo("Cannot find tenant: no tenant has this id (no-such-tenant)");
    }

    @Test
    void bodyThatIsNotGzipAsDeclared_isBadRequest_andStartsNoJob() {
        long jobsBefore = jobs();
        HttpResponse<String> response = api.post("/fhir/" + TENANT + "/$import", NDJSON,
                patient("p1").getBytes(StandardCharsets.UTF_8), "Content-Encoding", "gzip");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(api.json(response).get("issue").get(0).get("diagnostics").asString())
                .isEqualTo("Cannot import: the request body could not be read (Not in GZIP format)");
        assertThat(jobs()).isEqualTo(jobsBefore);
    }

    @Test
    void unsupportedContentEncoding_isUnsupportedMediaType() {
        HttpResponse<String> response = api.post("/fhir/" + TENANT + "/$import", NDJSON,
                patient("p1").getBytes(StandardCharsets.UTF_8), "Content-Encoding", "br");

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(api.json(response).get("issue").get(0).get("diagnostics").asString())
                .isEqualTo("Cannot import: Content-Encoding must be gzip or identity (br)");
    }

    @Test
    void bodyDeclaredLargerThanTheLimit_isRejectedBeforeItIsRead() throws IOException {
        long jobsBefore = jobs();
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /fhir/" + TENANT + "/$import HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + NDJSON
                    + "\r\nAuthorization: Bearer " + api.token()
                    + "\r\nContent-Length: 2000000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = readHead(socket.getInputStream());

            assertThat(response).startsWith("HTTP/1.1 413 ").containsIgnoringCase("Content-Type: application/fhir+json");
        }
        assertThat(jobs()).isEqualTo(jobsBefore);
    }

    private long jobs() {
        return databaseScope.callAs(TENANT_ID, () -> jdbc.sql("SELECT count(*) FROM bulk_import_job WHERE tenant_id = ?").param(TENANT)
                .query(Long.class).single());
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0 && !head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n"); b = in.read()) {
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String patient(String id) {
        return "{\"resourceType\":\"Patient\",\"id\":\"%s\",\"gender\":\"female\",\"birthDate\":\"1950-04-02\"}".formatted(id);
    }

    private static String encounter(String id, String patientId) {
        return ("{\"resourceType\":\"Encounter\",\"id\":\"%s\",\"status\":\"finished\",\"class\":{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"IMP\"},\"subject\":{\"reference\":\"Patient/%s\"},"
                + "\"period\":{\"start\":\"2024-03-01T08:00:00Z\",\"end\":\"2024-03-04T10:00:00Z\"}}").formatted(id, patientId);
    }
}
