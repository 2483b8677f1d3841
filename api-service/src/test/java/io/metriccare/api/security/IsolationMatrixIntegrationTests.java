package io.metriccare.api.security;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.metriccare.api.ApiIntegrationTest;
import io.metriccare.api.ApiTestSupport;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.metriccare.api.security.Role.CLINICIAN;
import static io.metriccare.api.security.Role.COMPLIANCE_OFFICER;
import static io.metriccare.api.security.Role.INGEST;
import static io.metriccare.api.security.Role.PLATFORM_ADMIN;
import static io.metriccare.api.security.Role.TENANT_ADMIN;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The isolation matrix: every operation the running service documents at /v3/api-docs, called by every
 * role for its own tenant and for another tenant, and with no token, an expired token, a token signed by
 * an unknown key and an unsigned ({@code alg: none}) token. Allowed calls must not be refused (401/403) or
 * fail (5xx), denied calls answer 403, bad tokens 401, and no body ever holds the other tenant's data.
 * The expected access is written here, independently of {@code Permissions}, as the README's table says it;
 * an operation without an entry fails {@link #everyDocumentedOperation_hasAMatrixEntry}.
 */
class IsolationMatrixIntegrationTests extends ApiIntegrationTest {

    private static final String ALPHA = "iso-alpha";
    private static final String BRAVO = "iso-bravo";
    private static final Set<Role> TENANT_ROLES = EnumSet.complementOf(EnumSet.of(PLATFORM_ADMIN));

    private enum Scope { PUBLIC, PLATFORM, TENANT }

    /** What the test seeded for a tenant; its ids are markers that no response for another tenant may contain. */
    private record Fixture(String tenant, String ingestionId, String importJobId, String clientId, String patientId) {

        Set<String> dataIds() {
            return Set.of(ingestionId, importJobId, clientId, patientId);
        }
    }

    private record Call(String method, String path, String contentType, String body) {

        boolean mentions(String marker) {
            return path.contains(marker) || (body != null && body.contains(marker));
        }
    }

    @FunctionalInterface
    private interface Request {
        Call on(Fixture tenant, int serial);
    }

    private record Access(Scope scope, Set<Role> roles, Request request) {
    }

    private static final Map<String, Access> MATRIX = Map.ofEntries(
            // tenants
            entry("POST /api/v1/tenants", platform((t, n) -> json("POST", "/api/v1/tenants",
                    "{\"tenantId\":\"iso-new-%d\",\"name\":\"made by the isolation matrix\"}".formatted(n)))),
            entry("GET /api/v1/tenants", platform((t, n) -> get("/api/v1/tenants"))),
            entry("GET /api/v1/tenants/{tenantId}", tenant(Set.of(TENANT_ADMIN, COMPLIANCE_OFFICER, CLINICIAN),
                    (t, n) -> get("/api/v1/tenants/" + t.tenant()))),
            // tenant lifecycle: platform work, aimed at tenants that do not exist so the seeded ones stay active
            entry("PATCH /api/v1/tenants/{tenantId}", platform((t, n) -> json("PATCH", "/api/v1/tenants/iso-gone-" + n, "{\"name\":\"renamed\"}"))),
            entry("POST /api/v1/tenants/{tenantId}/suspend", platform((t, n) -> new Call("POST", "/api/v1/tenants/iso-gone-" + n + "/suspend", null, null))),
            entry("POST /api/v1/tenants/{tenantId}/reactivate", platform((t, n) -> new Call("POST", "/api/v1/tenants/iso-gone-" + n + "/reactivate", null, null))),
            entry("DELETE /api/v1/tenants/{tenantId}", platform((t, n) -> new Call("DELETE", "/api/v1/tenants/iso-gone-" + n, null, null))),
            entry("GET /api/v1/tenants/{tenantId}/purge", platform((t, n) -> get("/api/v1/tenants/iso-gone-" + n + "/purge"))),
            // hospitals
            entry("GET /api/v1/tenants/{tenantId}/hospitals", tenant(Set.of(TENANT_ADMIN, COMPLIANCE_OFFICER, CLINICIAN),
                    (t, n) -> get("/api/v1/tenants/" + t.tenant() + "/hospitals"))),
            entry("GET /api/v1/tenants/{tenantId}/hospitals/{hospitalId}", tenant(Set.of(TENANT_ADMIN, COMPLIANCE_OFFICER, CLINICIAN),
                    (t, n) -> get("/api/v1/tenants/" + t.tenant() + "/hospitals/H1"))),
            entry("PATCH /api/v1/tenants/{tenantId}/hospitals/{hospitalId}", tenant(Set.of(TENANT_ADMIN),
                    (t, n) -> json("PATCH", "/api/v1/tenants/" + t.tenant() + "/hospitals/H1", "{\"staffedBeds\":10}"))),
            // settings
            entry("GET /api/v1/tenants/{tenantId}/settings", tenant(Set.of(TENANT_ADMIN, COMPLIANCE_OFFICER),
                    (t, n) -> get("/api/v1/tenants/" + t.tenant() + "/settings"))),
            entry("PUT /api/v1/tenants/{tenantId}/settings", tenant(Set.of(TENANT_ADMIN),
                    (t, n) -> json("PUT", "/api/v1/tenants/" + t.tenant() + "/settings", "{}"))),
            // webhooks
            entry("POST /api/v1/tenants/{tenantId}/webhooks", tenant(Set.of(TENANT_ADMIN),
                    (t, n) -> json("POST", "/api/v1/tenants/" + t.tenant() + "/webhooks", "{\"url\":\"https://hooks.example.org/" + n + "\"}"))),
            entry("GET /api/v1/tenants/{tenantId}/webhooks", tenant(Set.of(TENANT_ADMIN),
                    (t, n) -> get("/api/v1/tenants/" + t.tenant() + "/webhooks"))),
            entry("GET /api/v1/tenants/{tenantId}/webhooks/{webhookId}", tenant(Set.of(TENANT_ADMIN),
                    (t, n) -> get("/api/v1/tenants/" + t.tenant() + "/webhooks/" + UUID.randomUUID()))),
            entry("PATCH /api/v1/tenants/{tenantId}/webhooks/{webhookId}", tenant(Set.of(TENANT_ADMIN),
                    (t, n) -> json("PATCH", "/api/v1/tenants/" + t.tenant() + "/webhooks/" + UUID.randomUUID(), "{\"enabled\":false}"))),
            entry("DELETE /api/v1/tenants/{tenantId}/webhooks/{webhookId}", tenant(Set.of(TENANT_ADMIN),
                    (t, n) -> new Call("DELETE", "/api/v1/tenants/" + t.tenant() + "/webhooks/" + UUID.randomUUID(), null, null))),
            entry("GET /api/v1/tenants/{tenantId}/webhooks/{webhookId}/deliveries", tenant(Set.of(TENANT_ADMIN),
                    (t, n) -> get("/api/v1/tenants/" + t.tenant() + "/webhooks/" + UUID.randomUUID() + "/deliveries"))),
            // the audit trail
            entry("GET /api/v1/audit", tenant(Set.of(COMPLIANCE_OFFICER), (t, n) -> get("/api/v1/audit?tenantId=" + t.tenant()))),
            // ingest clients
            entry("POST /api/v1/tenants/{tenantId}/ingest-clients", tenant(Set.of(TENANT_ADMIN),
                    (t, n) -> json("POST", "/api/v1/tenants/" + t.tenant() + "/ingest-clients", "{\"name\":\"matrix " + n + "\"}"))),
            entry("GET /api/v1/tenants/{tenantId}/ingest-clients", tenant(Set.of(TENANT_ADMIN),
                    (t, n) -> get("/api/v1/tenants/" + t.tenant() + "/ingest-clients"))),
            entry("POST /api/v1/tenants/{tenantId}/ingest-clients/{clientId}/secret", tenant(Set.of(TENANT_ADMIN),
                    (t, n) -> new Call("POST", "/api/v1/tenants/" + t.tenant() + "/ingest-clients/" + t.clientId() + "/secret", null, null))),
            entry("DELETE /api/v1/tenants/{tenantId}/ingest-clients/{clientId}", tenant(Set.of(TENANT_ADMIN),
                    (t, n) -> new Call("DELETE", "/api/v1/tenants/" + t.tenant() + "/ingest-clients/" + t.clientId(), null, null))),
            // FHIR ingest
            entry("GET /fhir/{tenantId}/metadata", open((t, n) -> get("/fhir/" + t.tenant() + "/metadata"))),
            entry("POST /fhir/{tenantId}", tenant(Set.of(INGEST), (t, n) -> fhir("/fhir/" + t.tenant(), bundle("transaction", n)))),
            entry("POST /fhir/{tenantId}/", tenant(Set.of(INGEST), (t, n) -> fhir("/fhir/" + t.tenant() + "/", bundle("batch", n)))),
            entry("POST /fhir/{tenantId}/Bundle", tenant(Set.of(INGEST), (t, n) -> fhir("/fhir/" + t.tenant() + "/Bundle", bundle("collection", n)))),
            entry("POST /fhir/{tenantId}/{resourceType}", tenant(Set.of(INGEST), (t, n) -> fhir("/fhir/" + t.tenant() + "/Patient", patient("m" + n)))),
            entry("POST /fhir/{tenantId}/$import", tenant(Set.of(INGEST),
                    (t, n) -> new Call("POST", "/fhir/" + t.tenant() + "/$import", "application/fhir+ndjson", patient("i" + n) + "\n"))),
            entry("GET /fhir/{tenantId}/$import-status/{jobId}", tenant(Set.of(INGEST, TENANT_ADMIN),
                    (t, n) -> get("/fhir/" + t.tenant() + "/$import-status/" + t.importJobId()))),
            // the ingestion ledger
            entry("GET /api/v1/ingestions", tenant(Set.of(TENANT_ADMIN, INGEST, COMPLIANCE_OFFICER),
                    (t, n) -> get("/api/v1/ingestions?tenantId=" + t.tenant()))),
            entry("GET /api/v1/ingestions/{ingestionId}", tenant(Set.of(TENANT_ADMIN, INGEST, COMPLIANCE_OFFICER),
                    (t, n) -> get("/api/v1/ingestions/" + t.ingestionId() + "?tenantId=" + t.tenant()))),
            entry("GET /api/v1/ingestions/{ingestionId}/validation", tenant(Set.of(TENANT_ADMIN, INGEST, COMPLIANCE_OFFICER),
                    (t, n) -> get("/api/v1/ingestions/" + t.ingestionId() + "/validation?tenantId=" + t.tenant()))),
            // ETL runs: an unknown tenant keeps an allowed call from starting the engine
            entry("POST /api/v1/etl/runs", platform((t, n) -> json("POST", "/api/v1/etl/runs", "{\"tenantIds\":[\"iso-no-such-tenant\"]}"))),
            entry("GET /api/v1/etl/runs", platform((t, n) -> get("/api/v1/etl/runs"))),
            entry("GET /api/v1/etl/runs/{runId}", platform((t, n) -> get("/api/v1/etl/runs/" + UUID.randomUUID()))),
            entry("GET /api/v1/etl/runs/{runId}/log", platform((t, n) -> get("/api/v1/etl/runs/" + UUID.randomUUID() + "/log"))),
            entry("POST /api/v1/etl/runs/{runId}/cancel", platform((t, n) -> new Call("POST", "/api/v1/etl/runs/" + UUID.randomUUID() + "/cancel", null, null))),
            // KPIs
            entry("GET /api/v1/metrics/hospitals/{hospitalId}", tenant(Set.of(COMPLIANCE_OFFICER, CLINICIAN),
                    (t, n) -> get("/api/v1/metrics/hospitals/H1?tenantId=" + t.tenant() + "&from=2024-01-01&to=2024-12-31"))),
            entry("GET /api/v1/metrics/hospitals/{hospitalId}/lineage", tenant(Set.of(COMPLIANCE_OFFICER, CLINICIAN),
                    (t, n) -> get("/api/v1/metrics/hospitals/H1/lineage?tenantId=" + t.tenant() + "&measure=mortality&from=2024-01-01&to=2024-12-31"))),
            entry("GET /api/v1/metrics/hospitals/{hospitalId}/hai-by-code", tenant(Set.of(COMPLIANCE_OFFICER, CLINICIAN),
                    (t, n) -> get("/api/v1/metrics/hospitals/H1/hai-by-code?tenantId=" + t.tenant() + "&from=2024-01-01&to=2024-12-31"))));

    private final AtomicInteger serial = new AtomicInteger();

    @Test
    void everyDocumentedOperation_hasAMatrixEntry() {
        Set<String> documented = documentedOperations();
        assertThat(new TreeSet<>(documented)).as("operations without an isolation matrix entry (add one, and a row to Permissions)")
                .isSubsetOf(MATRIX.keySet());
        assertThat(new TreeSet<>(MATRIX.keySet())).as("matrix entries for operations the service no longer documents")
                .isSubsetOf(documented);
    }

    @Test
    void everyOperation_byEveryRoleAndToken_answersAsThePermissionTableSays_andNeverShowsTheOtherTenantsData() {
        Fixture alpha = seed(ALPHA);
        Fixture bravo = seed(BRAVO);
        SoftAssertions softly = new SoftAssertions();
        for (String operation : documentedOperations()) {
            Access access = MATRIX.get(operation);
            if (access == null) {
                continue; // reported by everyDocumentedOperation_hasAMatrixEntry
            }
            for (Fixture target : List.of(alpha, bravo)) {
                Fixture other = target == alpha ? bravo : alpha;
                // the platform admin and the target's own roles must not see the other tenant, not even its name
                check(softly, operation, "platform_admin", api, access, target, true, other.dataIds(), other.tenant());
                for (Role role : TENANT_ROLES) {
                    boolean allowed = access.scope() == Scope.PUBLIC || access.scope() == Scope.TENANT && access.roles().contains(role);
                    check(softly, operation, role.claimValue() + " of " + target.tenant(), api.as(role, target.tenant()),
                            access, target, allowed, other.dataIds(), other.tenant());
                    // the other tenant's roles are refused, and learn nothing of the target's data
                    check(softly, operation, role.claimValue() + " of " + other.tenant(), api.as(role, other.tenant()),
                            access, target, access.scope() == Scope.PUBLIC, target.dataIds());
                }
            }
            checkBadTokens(softly, operation, access, alpha, bravo);
        }
        softly.assertAll();
        assertThat(serial.get()).as("calls made").isEqualTo(MATRIX.size() * (2 * (1 + 2 * TENANT_ROLES.size()) + 4));
    }

    /** No token, expired, unknown key and unsigned: refused (401), showing no tenant's data; the bad tokens claim platform_admin. */
    private void checkBadTokens(SoftAssertions softly, String operation, Access access, Fixture alpha, Fixture bravo) {
        Map<String, ApiTestSupport> callers = Map.of(
                "no token", api.anonymous(),
                "an expired token", api.withToken(api.tokens().expired(PLATFORM_ADMIN, ALPHA)),
                "a token signed by an unknown key", api.withToken(api.tokens().signedByUnknownKey(PLATFORM_ADMIN, ALPHA)),
                "an unsigned (alg: none) token", api.withToken(api.tokens().unsigned(PLATFORM_ADMIN, ALPHA)));
        callers.forEach((who, caller) -> {
            Call call = access.request().on(alpha, serial.incrementAndGet());
            HttpResponse<String> response = send(caller, call);
            String what = "%s (%s %s) with %s".formatted(operation, call.method(), call.path(), who);
            if (access.scope() == Scope.PUBLIC && who.equals("no token")) {
                softly.assertThat(response.statusCode()).as(what + ": " + response.body()).isBetween(200, 499).isNotIn(401, 403);
            } else {
                softly.assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(401);
                softly.assertThat(response.headers().firstValue("WWW-Authenticate")).as(what)
                        .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer"));
            }
            Set<String> markers = new TreeSet<>(alpha.dataIds());
            markers.addAll(bravo.dataIds());
            markers.add(bravo.tenant());
            assertNoLeak(softly, what, call, response, markers);
        });
    }

    private void check(SoftAssertions softly, String operation, String who, ApiTestSupport caller, Access access,
                       Fixture target, boolean allowed, Set<String> foreignData, String... foreignTenants) {
        Call call = access.request().on(target, serial.incrementAndGet());
        HttpResponse<String> response = send(caller, call);
        String what = "%s (%s %s) as %s".formatted(operation, call.method(), call.path(), who);
        if (allowed) {
            softly.assertThat(response.statusCode()).as(what + ": " + response.body()).isBetween(200, 499).isNotIn(401, 403);
        } else {
            softly.assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(403);
        }
        if (access.scope() != Scope.PLATFORM) {
            Set<String> markers = new TreeSet<>(foreignData);
            markers.addAll(List.of(foreignTenants));
            assertNoLeak(softly, what, call, response, markers);
        }
    }

    /** What the caller sent itself may come back; nothing else of the other tenant may. */
    private static void assertNoLeak(SoftAssertions softly, String what, Call call, HttpResponse<String> response, Set<String> markers) {
        List<String> leaked = markers.stream().filter(marker -> !call.mentions(marker))
                .filter(marker -> response.body().contains(marker)).toList();
        softly.assertThat(leaked).as(what + " leaks another tenant's data: " + response.body()).isEmpty();
    }

    private static HttpResponse<String> send(ApiTestSupport caller, Call call) {
        return caller.send(call.method(), call.path(), call.contentType(),
                call.body() == null ? null : call.body().getBytes(StandardCharsets.UTF_8));
    }

    private Set<String> documentedOperations() {
        JsonNode paths = api.anonymous().json(api.anonymous().get("/v3/api-docs")).get("paths");
        Set<String> operations = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            for (String method : List.of("get", "put", "post", "delete", "patch", "head", "options")) {
                if (path.getValue().has(method)) {
                    operations.add(method.toUpperCase() + " " + path.getKey());
                }
            }
        }
        assertThat(operations).as("operations documented at /v3/api-docs").isNotEmpty();
        return operations;
    }

    /** A tenant with one submission, one bulk import and one ingest client, each with its own random id. */
    private Fixture seed(String tenant) {
        assertThat(api.postJson("/api/v1/tenants", "{\"tenantId\":\"" + tenant + "\",\"name\":\"isolation " + tenant + "\"}")
                .statusCode()).isEqualTo(201);
        String patientId = "leak-" + UUID.randomUUID();
        HttpResponse<String> submitted = api.post("/fhir/" + tenant, "application/fhir+json",
                bundleOf("transaction", patientId).getBytes(StandardCharsets.UTF_8));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        HttpResponse<String> imported = api.post("/fhir/" + tenant + "/$import", "application/fhir+ndjson",
                (patient("leak-" + UUID.randomUUID()) + "\n").getBytes(StandardCharsets.UTF_8));
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(202);
        HttpResponse<String> client = api.postJson("/api/v1/tenants/" + tenant + "/ingest-clients", "{\"name\":\"seeded\"}");
        assertThat(client.statusCode()).as(client.body()).isEqualTo(201);
        return new Fixture(tenant, api.json(submitted).get("id").asString(), api.json(imported).get("id").asString(),
                api.json(client).get("clientId").asString(), patientId);
    }

    private static Access open(Request request) {
        return new Access(Scope.PUBLIC, Set.of(), request);
    }

    private static Access platform(Request request) {
        return new Access(Scope.PLATFORM, Set.of(), request);
    }

    private static Access tenant(Set<Role> roles, Request request) {
        return new Access(Scope.TENANT, roles, request);
    }

    private static Call get(String path) {
        return new Call("GET", path, null, null);
    }

    private static Call json(String method, String path, String body) {
        return new Call(method, path, "application/json", body);
    }

    private static Call fhir(String path, String body) {
        return new Call("POST", path, "application/fhir+json", body);
    }

    private static String bundle(String type, int serial) {
        return bundleOf(type, "m" + serial);
    }

    private static String bundleOf(String type, String patientId) {
        String entry = type.equals("collection")
                ? "{\"fullUrl\":\"urn:uuid:%s\",\"resource\":%s}".formatted(UUID.randomUUID(), patient(patientId))
                : "{\"resource\":%s,\"request\":{\"method\":\"PUT\",\"url\":\"Patient/%s\"}}".formatted(patient(patientId), patientId);
        return "{\"resourceType\":\"Bundle\",\"type\":\"%s\",\"entry\":[%s]}".formatted(type, entry);
    }

    private static String patient(String id) {
        return "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"gender\":\"female\",\"birthDate\":\"1970-01-01\"}";
    }
}
