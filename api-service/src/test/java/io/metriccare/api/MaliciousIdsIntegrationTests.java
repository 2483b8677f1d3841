package io.metriccare.api;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.metriccare.ingest.storage.LakeProperties;
import io.metriccare.tenancy.database.DatabaseTenantScope;
import io.metriccare.tenancy.hospital.HospitalRegistry;
import io.metriccare.tenancy.hospital.HospitalSighting;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenant and hospital ids built to escape a path, a partition or a SQL literal, sent to every endpoint
 * that takes one, in the path, the query or the body: each is refused with a 4xx (400 from our
 * validation, or whatever the servlet container answers first), and nothing in the database or the
 * lake changes.
 */
class MaliciousIdsIntegrationTests extends ApiIntegrationTest {

    private static final String VICTIM = "ids-victim";
    private static final String FHIR_JSON = "application/fhir+json";
    private static final String JSON = "application/json";
    private static final byte[] PATIENT = "{\"resourceType\":\"Patient\",\"id\":\"p1\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BUNDLE = "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"fullUrl\":\"urn:uuid:5a1c9f4e-8d2b-4c3a-9e7f-1b2c3d4e5f60\",\"resource\":{\"resourceType\":\"Patient\",\"id\":\"p2\"}}]}"
            .getBytes(StandardCharsets.UTF_8);
    private static final String SQL = "'; DROP TABLE tenant; --";
    private static final JsonMapper JSON_TEXT = JsonMapper.builder().build();

    /** The id as it travels in a URL: escapes stay escaped, so the server decodes them. */
    static Stream<String> idsOnTheWire() {
        return Stream.of("../", "..%2F..%2F" + VICTIM, "%2e%2e", "%2E%2E%2F", "%2F", VICTIM + "%2F..", "%00", VICTIM + "%00",
                "a".repeat(10_000), "%27%3B%20DROP%20TABLE%20tenant%3B%20--", VICTIM + "%27%20OR%20%271%27%3D%271");
    }

    /** The same ids as a JSON body carries them, decoded. */
    static Stream<String> idsInABody() {
        return Stream.of("../", "../" + VICTIM, "..", "/", "\u0000", VICTIM + "\u0000", "a".repeat(10_000), SQL,
                VICTIM + "' OR '1'='1");
    }

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private LakeProperties lake;

    @Autowired
    private HospitalRegistry hospitals;

    /** Row-level security binds the test's own queries too: it looks at every tenant, in platform scope. */
    @Autowired
    private DatabaseTenantScope databaseScope;

    @BeforeEach
    void victim() {
        if (api.get("/api/v1/tenants/" + VICTIM).statusCode() == 404) {
            api.createTenant(VICTIM);
            assertThat(api.post("/fhir/" + VICTIM + "/Patient", FHIR_JSON, PATIENT).statusCode()).isEqualTo(202);
            databaseScope.runAsPlatform(() -> hospitals.register(new HospitalSighting(VICTIM, "H1", "Victim General", "220071", "MA")));
        }
    }

    @ParameterizedTest
    @MethodSource("idsOnTheWire")
    void tenantIds_inPathsAndQueries_areRefused_andChangeNothing(String id) throws IOException {
        Snapshot before = snapshot();
        String uuid = "00000000-0000-0000-0000-000000000001";
        String range = "&from=2024-01-01&to=2024-06-30";

        refused(id, "POST", "/fhir/" + id, FHIR_JSON, BUNDLE);
        refused(id, "POST", "/fhir/" + id + "/Bundle", FHIR_JSON, BUNDLE);
        refused(id, "POST", "/fhir/" + id + "/Patient", FHIR_JSON, PATIENT);
        refused(id, "POST", "/fhir/" + id + "/$import", "application/fhir+ndjson", PATIENT);
        refused(id, "GET", "/fhir/" + id + "/metadata", JSON, new byte[0]);
        refused(id, "GET", "/fhir/" + id + "/$import-status/" + uuid, JSON, new byte[0]);
        refused(id, "GET", "/api/v1/ingestions?tenantId=" + id, JSON, new byte[0]);
        refused(id, "GET", "/api/v1/ingestions/" + uuid + "?tenantId=" + id, JSON, new byte[0]);
        refused(id, "GET", "/api/v1/metrics/hospitals/H1?tenantId=" + id + range, JSON, new byte[0]);
        refused(id, "GET", "/api/v1/tenants/" + id, JSON, new byte[0]);
        refused(id, "PATCH", "/api/v1/tenants/" + id, JSON, "{\"name\":\"renamed\"}".getBytes(StandardCharsets.UTF_8));
        refused(id, "POST", "/api/v1/tenants/" + id + "/suspend", JSON, new byte[0]);
        refused(id, "POST", "/api/v1/tenants/" + id + "/reactivate", JSON, new byte[0]);
        refused(id, "DELETE", "/api/v1/tenants/" + id, JSON, new byte[0]);
        refused(id, "GET", "/api/v1/tenants/" + id + "/purge", JSON, new byte[0]);
        refused(id, "GET", "/api/v1/tenants/" + id + "/hospitals", JSON, new byte[0]);
        refused(id, "GET", "/api/v1/tenants/" + id + "/hospitals/H1", JSON, new byte[0]);
        refused(id, "PATCH", "/api/v1/tenants/" + id + "/hospitals/H1", JSON, "{\"staffedBeds\":1}".getBytes(StandardCharsets.UTF_8));

        assertThat(snapshot()).isEqualTo(before);
    }

    @ParameterizedTest
    @MethodSource("idsOnTheWire")
    void hospitalIds_inPaths_areRefused_andChangeNothing(String id) throws IOException {
        Snapshot before = snapshot();

        refused(id, "GET", "/api/v1/metrics/hospitals/" + id + "?tenantId=" + VICTIM + "&from=2024-01-01&to=2024-06-30", JSON, new byte[0]);
        refused(id, "GET", "/api/v1/tenants/" + VICTIM + "/hospitals/" + id, JSON, new byte[0]);
        refused(id, "PATCH", "/api/v1/tenants/" + VICTIM + "/hospitals/" + id, JSON, "{\"staffedBeds\":1}".getBytes(StandardCharsets.UTF_8));

        assertThat(snapshot()).isEqualTo(before);
    }

    @ParameterizedTest
    @MethodSource("idsInABody")
    void tenantIds_inRequestBodies_areRefusedWith400_andChangeNothing(String id) throws IOException {
        Snapshot before = snapshot();
        String quoted = JSON_TEXT.writeValueAsString(id);

        HttpResponse<String> created = api.postJson("/api/v1/tenants", "{\"tenantId\":" + quoted + ",\"name\":\"x\"}");
        HttpResponse<String> run = api.postJson("/api/v1/etl/runs", "{\"tenantIds\":[" + quoted + "]}");

        for (HttpResponse<String> response : List.of(created, run)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(api.json(response).get("detail").asString()).startsWith("Cannot use tenant id: ");
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    /** A 4xx; when the body is ours, a problem or an OperationOutcome that says so. */
    private void refused(String id, String method, String path, String contentType, byte[] body) {
        HttpResponse<String> response = api.send(method, path, contentType, body);
        String what = method + " " + (path.length() > 120 ? path.substring(0, 120) + "…" : path);
        assertThat(response.statusCode()).as(what + " → " + response.body()).isBetween(400, 499);
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (type.startsWith("application/problem+json")) {
            JsonNode problem = api.json(response);
            assertThat(problem.get("status").asInt()).as(what).isEqualTo(response.statusCode());
            assertThat(problem.get("detail").asString()).as(what).isNotBlank();
        } else if (type.startsWith("application/fhir+json")) {
            JsonNode outcome = api.json(response);
            assertThat(outcome.get("resourceType").asString()).as(what).isEqualTo("OperationOutcome");
            assertThat(outcome.get("issue").get(0).get("severity").asString()).as(what).isEqualTo("error");
        }
        if (path.split("\\?")[0].contains("%3B")) {
            // An encoded ';' in the path is refused by Spring Security's firewall before any controller: still a 400.
            assertThat(response.statusCode()).as(what).isEqualTo(400);
        } else if (id.length() == 10_000 || id.contains("%27")) {
            // Nothing in these ids trips the servlet container: our validation must be what refuses them.
            assertThat(response.statusCode()).as(what).isEqualTo(400);
            assertThat(type).as(what).matches("application/(problem|fhir)\\+json.*");
            assertThat(response.body()).as(what).contains("Cannot use ");
        }
    }

    private Snapshot snapshot() throws IOException {
        Map<String, Long> rows = Map.of(
                "tenant", count("SELECT count(*) FROM tenant"),
                "tenant_active", count("SELECT count(*) FROM tenant WHERE status = 'active'"),
                "ingestion", count("SELECT count(*) FROM ingestion"),
                "bulk_import_job", count("SELECT count(*) FROM bulk_import_job"),
                "etl_run", count("SELECT count(*) FROM etl_run"),
                "tenant_purge", count("SELECT count(*) FROM tenant_purge"),
                "hospital_edits", count("SELECT count(*) FROM hospital WHERE edited_at IS NOT NULL"));
        try (Stream<Path> files = Files.walk(lake.root())) {
            return new Snapshot(rows, files.map(Path::toString).sorted().toList());
        }
    }

    private long count(String sql) {
        return databaseScope.callAsPlatform(() -> jdbc.sql(sql).query(Long.class).single());
    }

    private record Snapshot(Map<String, Long> rows, List<String> lakeFiles) {
    }
}
