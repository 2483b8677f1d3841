package io.metriccare.api.tenants;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import io.metriccare.api.ApiIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Tenant administration over HTTP: rename, suspend and reactivate, and what a suspended tenant is refused. */
class TenantAdminIntegrationTests extends ApiIntegrationTest {

    private static final String FHIR_JSON = "application/fhir+json";

    @Autowired
    private JdbcClient jdbc;

    @Test
    void rename_changesTheName_andGetShowsIt() {
        api.createTenant("rename-me");

        HttpResponse<String> renamed = api.patchJson("/api/v1/tenants/rename-me", "{\"name\":\"Renamed Health\"}");

        assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);
        assertThat(api.json(api.get("/api/v1/tenants/rename-me")).get("name").asString()).isEqualTo("Renamed Health");
    }

    @Test
    void rename_withABlankName_is400_andChangesNothing() {
        api.createTenant("rename-blank");

        HttpResponse<String> refused = api.patchJson("/api/v1/tenants/rename-blank", "{\"name\":\"  \"}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(api.json(api.get("/api/v1/tenants/rename-blank")).get("name").asString()).isEqualTo("Tenant rename-blank");
    }

    @Test
    void tenantAdministration_ofAnUnknownTenant_is404() {
        assertThat(api.patchJson("/api/v1/tenants/no-such-tenant", "{\"name\":\"x\"}").statusCode()).isEqualTo(404);
        assertThat(api.postJson("/api/v1/tenants/no-such-tenant/suspend", "").statusCode()).isEqualTo(404);
        assertThat(api.postJson("/api/v1/tenants/no-such-tenant/reactivate", "").statusCode()).isEqualTo(404);
        assertThat(api.delete("/api/v1/tenants/no-such-tenant").statusCode()).isEqualTo(404);
        assertThat(api.get("/api/v1/tenants/no-such-tenant/purge").statusCode()).isEqualTo(404);
    }

    @Test
    void suspendedTenant_isRefusedIngestAndQueries_withTenantSuspended_andNothingIsStored() throws IOException {
        api.createTenant("suspend-me");
        api.createTenant("suspend-neighbour");
        HttpResponse<String> suspended = api.postJson("/api/v1/tenants/suspend-me/suspend", "");
        assertThat(suspended.statusCode()).as(suspended.body()).isEqualTo(200);
        assertThat(api.json(suspended).get("status").asString()).isEqualTo("suspended");

        for (String path : new String[] {"/fhir/suspend-me", "/fhir/suspend-me/Bundle", "/fhir/suspend-me/Patient"}) {
            HttpResponse<String> refused = api.post(path, FHIR_JSON, path.endsWith("Patient") ? patient() : fixture());
            assertThat(refused.statusCode()).as(path).isEqualTo(409);
            JsonNode issue = api.json(refused).get("issue").get(0);
            assertThat(issue.get("code").asString()).isEqualTo("conflict");
            assertThat(issue.get("diagnostics").asString()).isEqualTo("Cannot use tenant: the tenant is suspended (suspend-me)");
            assertThat(issue.get("details").get("coding").get(0).get("code").asString()).isEqualTo("tenant-suspended");
        }
        HttpResponse<String> bulk = api.post("/fhir/suspend-me/$import", "application/fhir+ndjson",
                patient());
        assertThat(bulk.statusCode()).isEqualTo(409);
        assertThat(api.json(bulk).get("resourceType").asString()).isEqualTo("OperationOutcome");
        for (String path : new String[] {
                "/api/v1/ingestions?tenantId=suspend-me",
                "/api/v1/metrics/hospitals/H1?tenantId=suspend-me&from=2024-01-01&to=2024-06-30",
                "/api/v1/tenants/suspend-me/hospitals",
                "/api/v1/tenants/suspend-me/hospitals/H1"}) {
            assertSuspendedProblem(api.get(path), path);
        }
        assertSuspendedProblem(api.postJson("/api/v1/etl/runs", "{\"tenantIds\":[\"suspend-me\"]}"), "etl run");

        assertThat(count("SELECT count(*) FROM ingestion WHERE tenant_id = 'suspend-me'")).isZero();
        assertThat(count("SELECT count(*) FROM bulk_import_job WHERE tenant_id = 'suspend-me'")).isZero();
        assertThat(api.post("/fhir/suspend-neighbour", FHIR_JSON, fixture()).statusCode()).isEqualTo(202);
    }

    @Test
    void reactivatedTenant_ingestsAgain() throws IOException {
        api.createTenant("reactivate-me");
        api.postJson("/api/v1/tenants/reactivate-me/suspend", "");

        HttpResponse<String> reactivated = api.postJson("/api/v1/tenants/reactivate-me/reactivate", "");

        assertThat(api.json(reactivated).get("status").asString()).isEqualTo("active");
        assertThat(api.post("/fhir/reactivate-me", FHIR_JSON, fixture()).statusCode()).isEqualTo(202);
        assertThat(api.get("/api/v1/ingestions?tenantId=reactivate-me").statusCode()).isEqualTo(200);
    }

    @Test
    void suspendingTwice_andReactivatingAnActiveTenant_changeNothing() {
        api.createTenant("repeat-me");

        assertThat(api.json(api.postJson("/api/v1/tenants/repeat-me/reactivate", "")).get("status").asString()).isEqualTo("active");
        api.postJson("/api/v1/tenants/repeat-me/suspend", "");
        HttpResponse<String> again = api.postJson("/api/v1/tenants/repeat-me/suspend", "");

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(api.json(again).get("status").asString()).isEqualTo("suspended");
    }

    private void assertSuspendedProblem(HttpResponse<String> response, String what) {
        assertThat(response.statusCode()).as(what).isEqualTo(409);
        assertThat(response.headers().firstValue("Content-Type")).as(what).hasValue("application/problem+json");
        JsonNode problem = api.json(response);
        assertThat(problem.get("type").asString()).isEqualTo("urn:metriccare:problem:tenant-suspended");
        assertThat(problem.get("tenantStatus").asString()).isEqualTo("suspended");
        assertThat(problem.get("detail").asString()).isEqualTo("Cannot use tenant: the tenant is suspended (suspend-me)");
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private static byte[] patient() {
        return "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"gender\":\"female\"}".getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] fixture() throws IOException {
        try (InputStream in = new ClassPathResource("demo/kpi-spec-section7-h1.json").getInputStream()) {
            return in.readAllBytes();
        }
    }
}
