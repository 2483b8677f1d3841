package io.metriccare.api.security;

import java.net.http.HttpResponse;

import io.metriccare.api.ApiIntegrationTest;
import io.metriccare.api.ApiTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant admin registers, rotates and revokes machine clients for the ingest role of their tenant; the
 * clients get tokens at /oauth2/token over the real port and can submit data for that tenant only.
 */
class IngestClientIntegrationTests extends ApiIntegrationTest {

    private static final String TENANT = "clients-own";
    private static final String OTHER = "clients-other";
    private static final String PATIENT = "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"gender\":\"male\"}";

    private ApiTestSupport admin;

    @BeforeEach
    void tenants() {
        api.postJson("/api/v1/tenants", "{\"tenantId\":\"" + TENANT + "\",\"name\":\"ingest client checks\"}");
        api.postJson("/api/v1/tenants", "{\"tenantId\":\"" + OTHER + "\",\"name\":\"ingest client checks\"}");
        admin = api.as(Role.TENANT_ADMIN, TENANT);
    }

    @Test
    void registeredClient_getsIngestTokens_forItsTenantOnly() {
        HttpResponse<String> registered = admin.postJson("/api/v1/tenants/" + TENANT + "/ingest-clients", "{\"name\":\"HL7 gateway\"}");

        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        JsonNode client = api.json(registered);
        assertThat(client.get("clientId").asString()).startsWith(TENANT + "-ingest-");
        assertThat(client.get("tokenEndpoint").asString()).isEqualTo("/oauth2/token");
        String token = token(client.get("clientId").asString(), client.get("clientSecret").asString());
        JsonNode claims = ApiTestSupport.claimsOf(token);
        assertThat(claims.get("tenant_id").asString()).isEqualTo(TENANT);
        assertThat(claims.get("roles")).extracting(JsonNode::asString).containsExactly("ingest");

        ApiTestSupport machine = api.withToken(token);
        assertThat(machine.post("/fhir/" + TENANT + "/Patient", "application/fhir+json", PATIENT.getBytes()).statusCode()).isEqualTo(202);
        assertThat(machine.post("/fhir/" + OTHER + "/Patient", "application/fhir+json", PATIENT.getBytes()).statusCode()).isEqualTo(403);
        assertThat(machine.get("/api/v1/tenants/" + TENANT + "/ingest-clients").statusCode()).isEqualTo(403);
    }

    @Test
    void list_showsTheClients_butNeverASecret() {
        JsonNode client = register("listed");

        HttpResponse<String> listed = admin.get("/api/v1/tenants/" + TENANT + "/ingest-clients");

        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).doesNotContain(client.get("clientSecret").asString()).doesNotContain("clientSecret");
        JsonNode entry = find(api.json(listed), client.get("clientId").asString());
        assertThat(entry.get("name").asString()).isEqualTo("listed");
        assertThat(entry.get("status").asString()).isEqualTo("active");
        assertThat(entry.get("tenantId").asString()).isEqualTo(TENANT);
        assertThat(entry.get("createdBy").asString()).isEqualTo(ApiTestSupport.claimsOf(admin.token()).get("sub").asString());
    }

    @Test
    void rotatedSecret_replacesTheOldOne() {
        JsonNode client = register("rotated");
        String clientId = client.get("clientId").asString();

        HttpResponse<String> rotated = admin.post("/api/v1/tenants/" + TENANT + "/ingest-clients/" + clientId + "/secret",
                "application/json", new byte[0]);

        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        String newSecret = api.json(rotated).get("clientSecret").asString();
        assertThat(newSecret).isNotEqualTo(client.get("clientSecret").asString());
        assertThat(api.clientCredentials(clientId, client.get("clientSecret").asString()).statusCode()).isEqualTo(401);
        assertThat(api.clientCredentials(clientId, newSecret).statusCode()).isEqualTo(200);
        assertThat(find(api.json(admin.get("/api/v1/tenants/" + TENANT + "/ingest-clients")), clientId).has("secretRotatedAt")).isTrue();
    }

    @Test
    void revokedClient_getsNoMoreTokens_andStaysListedAsRevoked() {
        JsonNode client = register("revoked");
        String clientId = client.get("clientId").asString();
        assertThat(api.clientCredentials(clientId, client.get("clientSecret").asString()).statusCode()).isEqualTo(200);

        assertThat(admin.delete("/api/v1/tenants/" + TENANT + "/ingest-clients/" + clientId).statusCode()).isEqualTo(204);

        HttpResponse<String> refused = api.clientCredentials(clientId, client.get("clientSecret").asString());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(api.json(refused).get("error").asString()).isEqualTo("invalid_client");
        assertThat(find(api.json(admin.get("/api/v1/tenants/" + TENANT + "/ingest-clients")), clientId).get("status").asString())
                .isEqualTo("revoked");
        assertThat(admin.delete("/api/v1/tenants/" + TENANT + "/ingest-clients/" + clientId).statusCode()).isEqualTo(204);
        HttpResponse<String> rotate = admin.post("/api/v1/tenants/" + TENANT + "/ingest-clients/" + clientId + "/secret",
                "application/json", new byte[0]);
        assertThat(rotate.statusCode()).isEqualTo(409);
        assertThat(api.json(rotate).get("detail").asString())
                .isEqualTo("Cannot issue a secret: the ingest client is revoked; register a new one (" + clientId + ")");
    }

    @Test
    void anotherTenantsClient_cannotBeReached_throughTheOwnTenantsPath() {
        ApiTestSupport otherAdmin = api.as(Role.TENANT_ADMIN, OTHER);
        JsonNode theirs = api.json(otherAdmin.postJson("/api/v1/tenants/" + OTHER + "/ingest-clients", "{\"name\":\"theirs\"}"));
        String clientId = theirs.get("clientId").asString();

        HttpResponse<String> revoke = admin.delete("/api/v1/tenants/" + TENANT + "/ingest-clients/" + clientId);
        HttpResponse<String> rotate = admin.post("/api/v1/tenants/" + TENANT + "/ingest-clients/" + clientId + "/secret",
                "application/json", new byte[0]);

        assertThat(revoke.statusCode()).isEqualTo(404);
        assertThat(api.json(revoke).get("detail").asString())
                .isEqualTo("Cannot find ingest client: tenant clients-own has no ingest client " + clientId);
        assertThat(rotate.statusCode()).isEqualTo(404);
        assertThat(api.clientCredentials(clientId, theirs.get("clientSecret").asString()).statusCode()).isEqualTo(200);
        assertThat(admin.get("/api/v1/tenants/" + TENANT + "/ingest-clients").body()).doesNotContain(clientId);
    }

    @Test
    void clientWithoutAName_isRejected() {
        HttpResponse<String> response = admin.postJson("/api/v1/tenants/" + TENANT + "/ingest-clients", "{\"name\":\" \"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(api.json(response).get("category").asString()).isEqualTo("incorrect");
    }

    private JsonNode register(String name) {
        HttpResponse<String> response = admin.postJson("/api/v1/tenants/" + TENANT + "/ingest-clients", "{\"name\":\"" + name + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return api.json(response);
    }

    private String token(String clientId, String secret) {
        HttpResponse<String> response = api.clientCredentials(clientId, secret);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return api.json(response).get("access_token").asString();
    }

    private static JsonNode find(JsonNode clients, String clientId) {
        for (JsonNode client : clients) {
            if (client.get("clientId").asString().equals(clientId)) {
                return client;
            }
        }
        throw new AssertionError("No client " + clientId + " in " + clients);
    }
}
