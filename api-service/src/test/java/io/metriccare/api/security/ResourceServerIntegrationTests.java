package io.metriccare.api.security;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;

import io.metriccare.api.ApiIntegrationTest;
import io.metriccare.api.ApiTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** What the resource server accepts and refuses, and how it says so: RFC 6750 challenges and the API's error bodies. */
class ResourceServerIntegrationTests extends ApiIntegrationTest {

    private static final String TENANT = "rs-own";
    private static final String OTHER = "rs-other";

    @BeforeEach
    void tenants() {
        api.postJson("/api/v1/tenants", "{\"tenantId\":\"" + TENANT + "\",\"name\":\"resource server checks\"}");
        api.postJson("/api/v1/tenants", "{\"tenantId\":\"" + OTHER + "\",\"name\":\"resource server checks\"}");
    }

    @Test
    void tokenForAnotherAudience_isRefused() {
        String token = api.tokens().mint(claims -> claims.audience(List.of("some-other-api")).claim("roles", List.of("platform_admin")));

        HttpResponse<String> response = api.withToken(token).get("/api/v1/tenants");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(api.json(response).get("detail").asString())
                .startsWith("Cannot authenticate: the bearer token is not valid (").contains("The token is not for audience metriccare-api");
    }

    @Test
    void tokenFromAnotherIssuer_isRefused() {
        String token = api.tokens().mint(claims -> claims.issuer("https://idp.example.test").claim("roles", List.of("platform_admin")));

        HttpResponse<String> response = api.withToken(token).get("/api/v1/tenants");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(api.json(response).get("detail").asString())
                .startsWith("Cannot authenticate: the bearer token is not valid (").contains("The iss claim is not valid");
    }

    @Test
    void tokenWithoutExpiry_isRefused() {
        String token = api.tokens().mint(claims -> claims.claims(all -> all.remove("exp")).claim("roles", List.of("platform_admin")));

        HttpResponse<String> response = api.withToken(token).get("/api/v1/tenants");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(api.json(response).get("detail").asString())
                .startsWith("Cannot authenticate: the bearer token is not valid (").contains("exp is required");
    }

    @Test
    void expiredToken_isRefused_withTheRfc6750Challenge_andAProblem() {
        HttpResponse<String> response = api.withToken(api.tokens().expired(Role.PLATFORM_ADMIN, null)).get("/api/v1/tenants");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer error=\"invalid_token\"").contains("Jwt expired at");
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        JsonNode problem = api.json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(401);
        assertThat(problem.get("category").asString()).isEqualTo("unauthenticated");
    }

    @Test
    void noToken_onAFhirEndpoint_isAnOperationOutcome() {
        HttpResponse<String> response = api.anonymous().post("/fhir/" + TENANT, "application/fhir+json", "{}".getBytes());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer resource_metadata=").endsWith("/.well-known/oauth-protected-resource\"");
        JsonNode issue = api.json(response).get("issue").get(0);
        assertThat(api.json(response).get("resourceType").asString()).isEqualTo("OperationOutcome");
        assertThat(issue.get("code").asString()).isEqualTo("login");
        assertThat(issue.get("diagnostics").asString())
                .isEqualTo("Cannot authenticate: the request has no bearer token (Authorization: Bearer <access token>)");
    }

    @Test
    void otherTenantsPath_isForbidden_sayingWhichTenants() {
        HttpResponse<String> response = api.as(Role.TENANT_ADMIN, TENANT).get("/api/v1/tenants/" + OTHER);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer error=\"insufficient_scope\"");
        JsonNode problem = api.json(response);
        assertThat(problem.get("category").asString()).isEqualTo("forbidden");
        assertThat(problem.get("detail").asString())
                .isEqualTo("Cannot GET /api/v1/tenants/rs-other: the token is for tenant rs-own, the request names tenant rs-other");
    }

    @Test
    void otherTenantsFhirEndpoint_isForbidden_asOperationOutcome() {
        HttpResponse<String> response = api.as(Role.INGEST, TENANT).post("/fhir/" + OTHER, "application/fhir+json", "{}".getBytes());

        assertThat(response.statusCode()).isEqualTo(403);
        JsonNode issue = api.json(response).get("issue").get(0);
        assertThat(issue.get("code").asString()).isEqualTo("forbidden");
        assertThat(issue.get("diagnostics").asString())
                .isEqualTo("Cannot POST /fhir/rs-other: the token is for tenant rs-own, the request names tenant rs-other");
    }

    @Test
    void tenantQueryParameter_mustNameOnlyTheTokensTenant() {
        ApiTestSupport officer = api.as(Role.COMPLIANCE_OFFICER, TENANT);

        assertThat(officer.get("/api/v1/ingestions?tenantId=" + TENANT).statusCode()).isEqualTo(200);
        HttpResponse<String> twice = officer.get("/api/v1/ingestions?tenantId=" + TENANT + "&tenantId=" + OTHER);
        assertThat(twice.statusCode()).isEqualTo(403);
        assertThat(api.json(twice).get("detail").asString())
                .isEqualTo("Cannot GET /api/v1/ingestions: the token is for tenant rs-own, the request names tenant rs-other");
        HttpResponse<String> none = officer.get("/api/v1/ingestions");
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(api.json(none).get("detail").asString())
                .isEqualTo("Cannot GET /api/v1/ingestions: the request names no tenant (query parameter tenantId)");
    }

    @Test
    void roleNotInTheTable_isForbidden_namingTheRolesNeeded() {
        HttpResponse<String> response = api.as(Role.CLINICIAN, TENANT).get("/api/v1/ingestions?tenantId=" + TENANT);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(api.json(response).get("detail").asString()).isEqualTo("Cannot GET /api/v1/ingestions: it needs one of the "
                + "roles [tenant_admin, ingest, compliance_officer] (the token has roles [clinician])");
    }

    @Test
    void tenantRoleWithoutATenantClaim_isForbidden() {
        String token = api.tokens().mint(claims -> claims.claim("roles", List.of("tenant_admin")));

        HttpResponse<String> response = api.withToken(token).get("/api/v1/tenants/" + TENANT);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(api.json(response).get("detail").asString())
                .isEqualTo("Cannot GET /api/v1/tenants/rs-own: the token names no tenant");
    }

    @Test
    void endpointWithoutAPermission_isClosedEvenToThePlatformAdmin() {
        HttpResponse<String> response = api.get("/api/v1/not-in-the-table");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(api.json(response).get("detail").asString())
                .isEqualTo("Cannot GET /api/v1/not-in-the-table: no permission covers this endpoint");
    }

    @Test
    void apiDescriptionAndCapabilityStatement_needNoToken() {
        assertThat(api.anonymous().get("/v3/api-docs").statusCode()).isEqualTo(200);
        assertThat(api.anonymous().get("/v3/api-docs.yaml").statusCode()).isEqualTo(200);
        assertThat(api.anonymous().get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
        assertThat(api.json(api.anonymous().get("/fhir/" + TENANT + "/metadata")).get("resourceType").asString())
                .isEqualTo("CapabilityStatement");
    }

    @Test
    void apiDescription_offersClientCredentials_andSaysWhoMayCallEachOperation() {
        JsonNode docs = api.json(api.anonymous().get("/v3/api-docs"));

        assertThat(docs.at("/components/securitySchemes/clientCredentials/flows/clientCredentials/tokenUrl").asString())
                .isEqualTo("/oauth2/token");
        JsonNode ledger = docs.at("/paths/~1api~1v1~1ingestions/get");
        assertThat(ledger.get("description").asString()).isEqualTo(
                "Roles: platform_admin; tenant_admin, ingest, compliance_officer of the tenant in the tenantId parameter.");
        assertThat(ledger.get("security")).hasSize(2);
        assertThat(docs.at("/paths/~1fhir~1{tenantId}~1metadata/get").has("security")).isFalse();
    }

    @Test
    void expiredAtIsChecked_withOnlyTheUsualClockSkew() {
        Instant justExpired = Instant.now().minusSeconds(90);
        String token = api.tokens().mint(claims -> claims.issuedAt(justExpired.minusSeconds(600)).expiresAt(justExpired)
                .claim("roles", List.of("platform_admin")));

        assertThat(api.withToken(token).get("/api/v1/tenants").statusCode()).isEqualTo(401);
    }
}
