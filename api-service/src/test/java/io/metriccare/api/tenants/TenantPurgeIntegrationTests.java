package io.metriccare.api.tenants;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.metriccare.api.ApiIntegrationTest;
import io.metriccare.api.etl.EtlProperties;
import io.metriccare.ingest.storage.LakeProperties;
import io.metriccare.ingest.storage.ObjectStore;
import io.metriccare.tenancy.database.DatabaseTenantScope;
import io.metriccare.tenancy.hospital.HospitalRegistry;
import io.metriccare.tenancy.hospital.HospitalSighting;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * KPI-SPEC §7 data for two tenants through one ETL run, then the first tenant deleted: its raw
 * objects, lake rows and database rows go, the second tenant's KPIs stay exactly as they were.
 * The same run shows a hospital edit surviving auto-registration and its time zone reaching the engine.
 */
class TenantPurgeIntegrationTests extends ApiIntegrationTest {

    private static final String PURGED = "purge-north";
    private static final String KEPT = "purge-south";
    private static final String FHIR_JSON = "application/fhir+json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private ObjectStore objectStore;

    @Autowired
    private LakeProperties lake;

    @Autowired
    private EtlProperties etl;

    @Autowired
    private HospitalRegistry hospitals;

    /** Row-level security binds the test's own queries too: it looks at every tenant, in platform scope. */
    @Autowired
    private DatabaseTenantScope databaseScope;

    @Test
    void purge_removesTheTenantsObjectsLakeRowsAndDatabaseRows_andLeavesTheOtherTenantsKpisUnchanged() throws IOException {
        api.createTenant(PURGED);
        api.createTenant(KEPT);
        // KEPT's H1 was seen by an earlier run and edited since: the run must keep the name and date by the zone.
        databaseScope.runAsPlatform(() -> hospitals.register(new HospitalSighting(KEPT, "H1", "H1 as first seen", null, null)));
        HttpResponse<String> edited = api.patchJson("/api/v1/tenants/" + KEPT + "/hospitals/H1",
                "{\"name\":\"North Shore (edited)\",\"timeZone\":\"America/New_York\"}");
        assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
        assertThat(api.post("/fhir/" + PURGED, FHIR_JSON, fixture()).statusCode()).isEqualTo(202);
        assertThat(api.post("/fhir/" + KEPT, FHIR_JSON, fixture()).statusCode()).isEqualTo(202);
        importOnePatient(PURGED);

        JsonNode run = api.runEtl("""
                {"tenantIds": ["%s", "%s"], "dataThroughDates": {"%s": "2024-07-31", "%s": "2024-07-31"}}"""
                .formatted(PURGED, KEPT, PURGED, KEPT));
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("succeeded");

        JsonNode manifest = JSON.readTree(etl.workDir().resolve(run.get("runId").asString()).resolve("manifest.json").toFile());
        assertThat(manifest.get("hospitalTimeZones").get(KEPT).get("H1").asString()).isEqualTo("America/New_York");
        JsonNode keptHospital = api.json(api.get("/api/v1/tenants/" + KEPT + "/hospitals/H1"));
        assertThat(keptHospital.get("name").asString()).isEqualTo("North Shore (edited)");
        assertThat(keptHospital.get("ccn").asString()).as("filled from the Organization").isEqualTo("220071");

        String keptMetricsBefore = api.get(metricsPath(KEPT)).body();
        assertThat(api.json(api.get(metricsPath(PURGED))).get("total").get(0).get("denominator").asLong()).isPositive();
        Map<String, Long> lakeRowsOfPurged = rowsOf(run.get("summary").get("tables"), PURGED);
        Map<String, Long> lakeRowsOfKept = rowsOf(run.get("summary").get("tables"), KEPT);
        assertThat(lakeRowsOfPurged.get("bronze/encounter")).isEqualTo(9);
        Map<String, Long> databaseRowsOfPurged = Map.of(
                "kpi_result", count("kpi_result", PURGED), "hospital", 1L, "ingestion", 2L, "bulk_import_job", 1L);
        assertThat(databaseRowsOfPurged.get("kpi_result")).isPositive();
        assertThat(count("hospital", PURGED)).isEqualTo(1);
        assertThat(count("ingestion", PURGED)).isEqualTo(2);
        assertThat(objectStore.list("raw/tenant=" + PURGED + "/")).hasSize(2);

        HttpResponse<String> deleted = api.delete("/api/v1/tenants/" + PURGED);

        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(202);
        assertThat(deleted.headers().firstValue("Location")).hasValue("/api/v1/tenants/" + PURGED + "/purge");
        assertDeletingTenantIsRefused();
        HttpResponse<String> deletedAgain = api.delete("/api/v1/tenants/" + PURGED);
        assertThat(deletedAgain.statusCode()).isIn(200, 202);
        assertThat(api.json(deletedAgain).get("requestedAt")).isEqualTo(api.json(deleted).get("requestedAt"));

        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !api.json(api.get("/api/v1/tenants/" + PURGED + "/purge")).get("status").asString().equals("running"));
        JsonNode purge = api.json(api.get("/api/v1/tenants/" + PURGED + "/purge"));
        assertThat(purge.get("status").asString()).as(purge.toString()).isEqualTo("completed");
        assertThat(purge.get("errors")).isEmpty();
        assertThat(purge.get("steps")).extracting(step -> step.get("name").asString() + ":" + step.get("status").asString())
                .containsExactly("lake:done", "raw:done", "database:done", "tenant:done");
        JsonNode removedFromLake = step(purge, "lake").get("removed");
        lakeRowsOfPurged.forEach((table, rows) -> assertThat(removedFromLake.get(table).asLong()).as(table).isEqualTo(rows));
        assertThat(step(purge, "raw").get("removed").get("objects").asLong()).isEqualTo(2);
        JsonNode removedFromDatabase = step(purge, "database").get("removed");
        databaseRowsOfPurged.forEach((table, rows) -> assertThat(removedFromDatabase.get(table).asLong()).as(table).isEqualTo(rows));
        assertThat(step(purge, "tenant").get("removed").get("tenant").asLong()).isEqualTo(1);

        assertThat(objectStore.list("raw/tenant=" + PURGED + "/")).isEmpty();
        assertThat(objectStore.list("raw/tenant=" + KEPT + "/")).hasSize(1);
        assertThat(dataFilesInPartitionsOf(PURGED)).isEmpty();
        assertThat(dataFilesInPartitionsOf(KEPT)).isNotEmpty();
        JsonNode lakeAfter = api.json(api.get("/api/v1/etl/runs/" + purge.get("lakeRunId").asString())).get("summary").get("tables");
        assertThat(rowsOf(lakeAfter, PURGED).values()).allMatch(rows -> rows == 0);
        assertThat(rowsOf(lakeAfter, KEPT)).isEqualTo(lakeRowsOfKept);
        assertThat(tablesWithRowsOf(PURGED)).isEmpty();
        assertThat(api.json(api.get("/api/v1/tenants/" + PURGED)).get("status").asString()).isEqualTo("deleted");

        assertThat(api.get(metricsPath(KEPT)).body()).isEqualTo(keptMetricsBefore);

        HttpResponse<String> afterCompletion = api.delete("/api/v1/tenants/" + PURGED);
        assertThat(afterCompletion.statusCode()).isEqualTo(200);
        assertThat(api.json(afterCompletion).get("steps")).isEqualTo(purge.get("steps"));
        HttpResponse<String> recreated = api.postJson("/api/v1/tenants", "{\"tenantId\":\"" + PURGED + "\",\"name\":\"Again\"}");
        assertThat(recreated.statusCode()).isEqualTo(409);
    }

    private void assertDeletingTenantIsRefused() throws IOException {
        HttpResponse<String> ingest = api.post("/fhir/" + PURGED + "/Bundle", FHIR_JSON, fixture());
        assertThat(ingest.statusCode()).isEqualTo(409);
        assertThat(api.json(ingest).get("issue").get(0).get("details").get("coding").get(0).get("code").asString())
                .isEqualTo("tenant-deleting");
        HttpResponse<String> metrics = api.get(metricsPath(PURGED));
        assertThat(metrics.statusCode()).isEqualTo(409);
        assertThat(api.json(metrics).get("type").asString()).isEqualTo("urn:metriccare:problem:tenant-deleting");
        assertThat(api.postJson("/api/v1/tenants/" + PURGED + "/reactivate", "").statusCode()).isEqualTo(409);
    }

    private void importOnePatient(String tenant) {
        HttpResponse<String> accepted = api.post("/fhir/" + tenant + "/$import", "application/fhir+ndjson",
                "{\"resourceType\":\"Patient\",\"id\":\"imported-p1\",\"gender\":\"male\"}\n".getBytes(StandardCharsets.UTF_8));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String statusPath = accepted.headers().firstValue("Content-Location").orElseThrow();
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() -> api.get(statusPath).statusCode() == 200);
    }

    private static String metricsPath(String tenant) {
        return "/api/v1/metrics/hospitals/H1?tenantId=" + tenant + "&from=2024-01-01&to=2024-06-30&grain=month";
    }

    private long count(String table, String tenant) {
        return databaseScope.callAsPlatform(
                () -> jdbc.sql("SELECT count(*) FROM " + table + " WHERE tenant_id = ?").param(tenant).query(Long.class).single());
    }

    /**
     * Every table with a tenant_id column, apart from the tombstone, the purge record and the audit trail (retained
     * by design), that still has a row of the tenant.
     */
    private List<String> tablesWithRowsOf(String tenant) {
        return jdbc.sql("""
                        SELECT table_name FROM information_schema.columns
                        WHERE table_schema = current_schema() AND column_name = 'tenant_id' AND table_name NOT IN ('tenant', 'tenant_purge', 'audit_event')
                        """)
                .query(String.class).list().stream()
                .filter(table -> count(table, tenant) > 0)
                .toList();
    }

    private List<Path> dataFilesInPartitionsOf(String tenant) throws IOException {
        try (Stream<Path> files = Files.walk(lake.root())) {
            return files.filter(file -> file.toString().contains("/tenant_id=" + tenant + "/") && file.toString().endsWith(".parquet"))
                    .toList();
        }
    }

    private static Map<String, Long> rowsOf(JsonNode tables, String tenant) {
        Map<String, Long> rows = new HashMap<>();
        tables.properties().forEach(table -> rows.put(table.getKey(), table.getValue().path(tenant).asLong(0)));
        return rows;
    }

    private static JsonNode step(JsonNode purge, String name) {
        for (JsonNode step : purge.get("steps")) {
            if (step.get("name").asString().equals(name)) {
                return step;
            }
        }
        throw new AssertionError("No step " + name + " in " + purge);
    }

    private static byte[] fixture() throws IOException {
        try (InputStream in = new ClassPathResource("demo/kpi-spec-section7-h1.json").getInputStream()) {
            return in.readAllBytes();
        }
    }
}
