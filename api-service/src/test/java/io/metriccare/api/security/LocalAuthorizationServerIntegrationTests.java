package io.metriccare.api.security;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import io.metriccare.api.ApiIntegrationTest;
import io.metriccare.api.ApiTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The local profile's authorization server, over the real port: the documented demo clients get working tokens. */
class LocalAuthorizationServerIntegrationTests extends ApiIntegrationTest {

    @Test
    void demoClient_getsATokenWithItsTenantRolesIssuerAndAudience() {
        HttpResponse<String> response = api.clientCredentials("demo-north-clinician", "demo-north-clinician-secret");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode token = api.json(response);
        assertThat(token.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(token.get("expires_in").asLong()).isBetween(890L, 900L);
        JsonNode claims = ApiTestSupport.claimsOf(token.get("access_token").asString());
        assertThat(claims.get("iss").asString()).isEqualTo("http://localhost:8080");
        assertThat(claims.get("aud").asString()).as("a single audience is written as a string").isEqualTo("metriccare-api");
        assertThat(claims.get("sub").asString()).isEqualTo("demo-north-clinician");
        assertThat(claims.get("tenant_id").asString()).isEqualTo("demo-north");
        assertThat(claims.get("roles")).extracting(JsonNode::asString).containsExactly("clinician");
    }

    @Test
    void demoTenantAdminsToken_opensItsOwnTenant_andNoOther() {
        api.postJson("/api/v1/tenants", "{\"tenantId\":\"demo-north\",\"name\":\"Demo north\"}");
        api.postJson("/api/v1/tenants", "{\"tenantId\":\"demo-south\",\"name\":\"Demo south\"}");
        String token = api.json(api.clientCredentials("demo-north-tenant-admin", "demo-north-tenant-admin-secret"))
                .get("access_token").asString();

        assertThat(api.withToken(token).get("/api/v1/tenants/demo-north").statusCode()).isEqualTo(200);
        assertThat(api.withToken(token).get("/api/v1/tenants/demo-south").statusCode()).isEqualTo(403);
        assertThat(api.withToken(token).get("/api/v1/tenants").statusCode()).isEqualTo(403);
    }

    @Test
    void platformAdminDemoClient_mayListTenants() {
        String token = api.json(api.clientCredentials("platform-admin", "platform-admin-secret")).get("access_token").asString();

        assertThat(ApiTestSupport.claimsOf(token).has("tenant_id")).isFalse();
        assertThat(api.withToken(token).get("/api/v1/tenants").statusCode()).isEqualTo(200);
    }

    @Test
    void clientSecretInTheForm_worksToo_asSwaggerUiMaySendIt() {
        HttpResponse<String> response = api.anonymous().send("POST", "/oauth2/token", "application/x-www-form-urlencoded",
                "grant_type=client_credentials&client_id=demo-south-ingest&client_secret=demo-south-ingest-secret"
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(ApiTestSupport.claimsOf(api.json(response).get("access_token").asString()).get("roles"))
                .extracting(JsonNode::asString).containsExactly("ingest");
    }

    @Test
    void wrongSecret_getsNoToken() {
        HttpResponse<String> response = api.clientCredentials("platform-admin", "not-the-secret");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(api.json(response).get("error").asString()).isEqualTo("invalid_client");
    }

    @Test
    void keysAndMetadata_arePublished() {
        JsonNode keys = api.json(api.anonymous().get("/oauth2/jwks"));
        assertThat(keys.get("keys")).hasSize(1);
        assertThat(keys.get("keys").get(0).get("kty").asString()).isEqualTo("RSA");
        JsonNode metadata = api.json(api.anonymous().get("/.well-known/oauth-authorization-server"));
        assertThat(metadata.get("issuer").asString()).isEqualTo("http://localhost:8080");
        assertThat(metadata.get("grant_types_supported")).extracting(JsonNode::asString).contains("client_credentials");
    }
}
