package io.metriccare.api.audit;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.metriccare.api.ApiIntegrationTest;
import io.metriccare.api.database.DatabaseConnections;
import io.metriccare.api.database.DatabaseRoleProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

import static io.metriccare.api.database.DatabaseConnections.count;
import static io.metriccare.api.database.DatabaseConnections.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditIntegrationTests extends ApiIntegrationTest {

    private static final String TENANT = "audit-checks";
    private static final String OTHER = "audit-other";
    private static final String FHIR_JSON = "application/fhir+json";

    @Autowired
    private EmbeddedPostgres postgres;

    @Autowired
    private DatabaseRoleProperties roles;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    @BeforeEach
    void tenants() {
        api.postJson("/api/v1/tenants", "{\"tenantId\":\"" + TENANT + "\",\"name\":\"Audit checks\"}");
        api.postJson("/api/v1/tenants", "{\"tenantId\":\"" + OTHER + "\",\"name\":\"Audit other\"}");
    }

    @Test
    void callsOfPhiAndKpiEndpoints_areRecorded_withWhoWhatWhenAndOutcome_newestFirst() {
        Instant before = Instant.now();
        HttpResponse<String> submitted = api.post("/fhir/" + TENANT, FHIR_JSON, batch("audit-p1"));
        assertThat(submitted.statusCode()).isEqualTo(202);
        String ingestionId = api.json(submitted).get("id").asString();
        assertThat(api.get("/api/v1/ingestions/" + ingestionId + "?tenantId=" + TENANT).statusCode()).isEqualTo(200);
        assertThat(api.get("/api/v1/metrics/hospitals/H1?tenantId=" + TENANT + "&from=2024-01-01&to=2024-03-31").statusCode()).isEqualTo(404);
        assertThat(api.get("/fhir/" + TENANT + "/metadata").statusCode()).isEqualTo(200);
        Instant after = Instant.now();

        JsonNode events = api.json(api.get("/api/v1/audit?tenantId=" + TENANT + "&from=" + before + "&to=" + after));

        assertThat(events).hasSize(3);
        assertEvent(events.get(0), "GET", "/api/v1/metrics/hospitals/H1?tenantId=" + TENANT + "&from=2024-01-01&to=2024-03-31",
                "/api/v1/metrics/hospitals/{hospitalId}", "kpi:hospital/H1", 404);
        assertEvent(events.get(1), "GET", "/api/v1/ingestions/" + ingestionId + "?tenantId=" + TENANT,
                "/api/v1/ingestions/{ingestionId}", "ingestion:" + ingestionId, 200);
        assertEvent(events.get(2), "POST", "/fhir/" + TENANT, "/fhir/{tenantId}", "bundle", 202);
        for (JsonNode event : events) {
            assertThat(event.get("tenantId").asString()).isEqualTo(TENANT);
            assertThat(Instant.parse(event.get("occurredAt").asString())).isBetween(before, after);
            assertThat(event.get("eventId").asLong()).isPositive();
            // the tests call as a platform admin whose token's subject is "test-<uuid>"
            assertThat(event.get("subject").asString()).startsWith("test-");
            assertThat(event.get("roles")).extracting(JsonNode::asString).containsExactly("platform_admin");
        }
    }

    @Test
    void platformCalls_haveNoTenant_andAreListedOnlyWithoutATenantFilter() {
        Instant before = Instant.now();
        assertThat(api.get("/api/v1/tenants").statusCode()).isEqualTo(200);

        JsonNode all = api.json(api.get("/api/v1/audit?from=" + before));
        JsonNode tenantOnly = api.json(api.get("/api/v1/audit?tenantId=" + TENANT + "&from=" + before));

        assertThat(all).anySatisfy(event -> {
            assertEvent(event, "GET", "/api/v1/tenants", "/api/v1/tenants", "tenants", 200);
            assertThat(event.has("tenantId")).isFalse();
        });
        assertThat(tenantOnly).noneSatisfy(event -> assertThat(event.get("path").asString()).isEqualTo("/api/v1/tenants"));
    }

    @Test
    void query_filtersByTenant_andLimits() {
        Instant before = Instant.now();
        api.get("/api/v1/ingestions?tenantId=" + OTHER);
        api.get("/api/v1/ingestions?tenantId=" + TENANT);
        api.get("/api/v1/ingestions?tenantId=" + TENANT + "&status=accepted");
        String range = "&from=" + before + "&to=" + Instant.now();

        JsonNode own = api.json(api.get("/api/v1/audit?tenantId=" + TENANT + range));
        JsonNode other = api.json(api.get("/api/v1/audit?tenantId=" + OTHER + range));
        JsonNode newest = api.json(api.get("/api/v1/audit?tenantId=" + TENANT + range + "&limit=1"));

        assertThat(own).extracting(event -> event.get("path").asString())
                .containsExactly("/api/v1/ingestions?tenantId=" + TENANT + "&status=accepted", "/api/v1/ingestions?tenantId=" + TENANT);
        assertThat(other).extracting(event -> event.get("path").asString()).containsExactly("/api/v1/ingestions?tenantId=" + OTHER);
        assertThat(newest).extracting(event -> event.get("path").asString())
                .containsExactly("/api/v1/ingestions?tenantId=" + TENANT + "&status=accepted");
    }

    @Test
    void badQueries_getProblemDetails() {
        assertProblem(api.get("/api/v1/audit?from=2025-01-02T00:00:00Z&to=2025-01-01T00:00:00Z"), 400,
                "Cannot list audit events: 'from' must be before 'to' (2025-01-02T00:00:00Z >= 2025-01-01T00:00:00Z)");
        assertProblem(api.get("/api/v1/audit?tenantId=Not..A.Tenant"), 400,
                "Cannot use tenant id: it must be 1-63 lower-case letters, digits or inner hyphens (Not..A.Tenant)");
        assertProblem(api.get("/api/v1/audit?tenantId=no-such-tenant"), 404, "Cannot find tenant: no tenant has this id (no-such-tenant)");
        assertThat(api.get("/api/v1/audit?limit=0").statusCode()).isEqualTo(400);
        assertProblem(api.get("/api/v1/audit?from=yesterday"), 400, "Cannot read parameter 'from': it is not a valid Instant (yesterday)");
    }

    @Test
    void events_cannotBeUpdatedOrDeleted_byTheApplicationRole_norByTheOwner() throws SQLException {
        api.get("/api/v1/ingestions?tenantId=" + TENANT);
        DatabaseConnections connections = new DatabaseConnections(postgres, roles);
        try (Connection application = connections.application("", "on"); Connection owner = connections.owner()) {
            long events = count(owner, "SELECT count(*) FROM audit_event");
            assertThat(events).isPositive();

            assertThatThrownBy(() -> update(application, "UPDATE audit_event SET status = 200"))
                    .hasMessageContaining("permission denied for table audit_event");
            assertThatThrownBy(() -> update(application, "DELETE FROM audit_event"))
                    .hasMessageContaining("permission denied for table audit_event");
            assertThatThrownBy(() -> update(owner, "UPDATE audit_event SET status = 200"))
                    .hasMessageContaining("audit_event is append-only: UPDATE is not allowed");
            assertThatThrownBy(() -> update(owner, "DELETE FROM audit_event WHERE event_id < 0"))
                    .hasMessageContaining("audit_event is append-only: DELETE is not allowed");
            assertThatThrownBy(() -> update(owner, "TRUNCATE audit_event"))
                    .hasMessageContaining("audit_event is append-only: TRUNCATE is not allowed");
            assertThat(count(owner, "SELECT count(*) FROM audit_event")).isEqualTo(events);
        }
    }

    @Test
    void whenTheAuditEventCannotBeWritten_theResponseIsWithheld() throws SQLException {
        DatabaseConnections connections = new DatabaseConnections(postgres, roles);
        HttpResponse<String> api503;
        HttpResponse<String> fhir503;
        try (Connection owner = connections.owner()) {
            update(owner, "REVOKE INSERT ON audit_event FROM " + roles.appRole());
            try {
                api503 = api.get("/api/v1/ingestions?tenantId=" + TENANT);
                fhir503 = api.get("/fhir/" + TENANT + "/$import-status/" + UUID.randomUUID());
            } finally {
                update(owner, "GRANT INSERT ON audit_event TO " + roles.appRole());
            }
        }

        assertProblem(api503, 503, "Cannot answer the request: it could not be recorded in the audit log");
        assertThat(fhir503.statusCode()).isEqualTo(503);
        assertThat(fhir503.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith(FHIR_JSON));
        assertThat(api.json(fhir503).get("issue").get(0).get("diagnostics").asString())
                .isEqualTo("Cannot answer the request: it could not be recorded in the audit log");
        assertThat(api.get("/api/v1/ingestions?tenantId=" + TENANT).statusCode()).as("audited again once it can be").isEqualTo(200);
    }

    @Test
    void everyApiAndFhirRoute_namesTheResourceItTouches() {
        List<String> routes = new ArrayList<>();
        mappings.getHandlerMethods().keySet().forEach(mapping -> routes.addAll(mapping.getPatternValues()));
        List<String> audited = routes.stream()
                .filter(route -> route.startsWith("/api/") || route.startsWith("/fhir/"))
                .filter(route -> !route.equals("/fhir/{tenantId}/metadata"))
                .toList();

        assertThat(audited).contains("/api/v1/audit", "/fhir/{tenantId}", "/api/v1/metrics/hospitals/{hospitalId}");
        assertThat(audited).allSatisfy(route -> assertThat(AuditedResources.of(route, Map.of())).as(route).isNotNull());
    }

    private static void assertEvent(JsonNode event, String method, String path, String endpoint, String resource, int status) {
        assertThat(event.get("method").asString()).isEqualTo(method);
        assertThat(event.get("path").asString()).isEqualTo(path);
        assertThat(event.get("endpoint").asString()).isEqualTo(endpoint);
        assertThat(event.get("resource").asString()).isEqualTo(resource);
        assertThat(event.get("status").asInt()).isEqualTo(status);
    }

    private void assertProblem(HttpResponse<String> response, int status, String detail) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(api.json(response).get("detail").asString()).isEqualTo(detail);
    }

    private static byte[] batch(String patientId) {
        return ("{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\",\"id\":\""
                + patientId + "\"},\"request\":{\"method\":\"PUT\",\"url\":\"Patient/" + patientId + "\"}}]}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
