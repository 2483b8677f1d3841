package io.metriccare.api.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.KeyPair;
import java.util.List;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.sun.net.httpserver.HttpServer;
import io.metriccare.api.ApiTestSupport;
import io.metriccare.api.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Production mode: no local profile, tokens from an external identity provider named by issuer-uri, with
 * the claim names such a provider uses ({@code org_id}, {@code groups}). The provider is stood up at the
 * HTTP level: its JSON Web Key Set on a local port, its tokens signed with the matching key.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + ExternalIdentityProviderIntegrationTests.ISSUER,
        "metriccare.security.audience=metriccare-test",
        "metriccare.security.tenant-claim=org_id",
        "metriccare.security.roles-claim=groups"})
class ExternalIdentityProviderIntegrationTests {

    static final String ISSUER = "https://idp.example.test/realms/metriccare";
    private static final RSAKey IDP_KEY = rsaKey();
    private static final HttpServer IDP = jwksServer();

    @LocalServerPort
    private int port;

    @Autowired
    private SecurityProperties properties;

    @Autowired
    private ApplicationContext context;

    private ApiTestSupport api;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ApiTestSupport.isolatedDirectories(registry);
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                () -> "http://127.0.0.1:" + IDP.getAddress().getPort() + "/jwks");
    }

    @AfterAll
    static void stopIdp() {
        IDP.stop(0);
    }

    @BeforeEach
    void connect() {
        api = new ApiTestSupport(port, new TestTokens(new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(IDP_KEY))), properties, ISSUER));
        api.postJson("/api/v1/tenants", "{\"tenantId\":\"idp-north\",\"name\":\"external identity provider\"}");
        api.postJson("/api/v1/tenants", "{\"tenantId\":\"idp-south\",\"name\":\"external identity provider\"}");
    }

    @Test
    void providersTokens_withItsClaimNames_areAccepted_andWalledByTenant() {
        assertThat(api.get("/api/v1/tenants").statusCode()).isEqualTo(200);
        String tenantAdmin = api.tokens().mint(claims -> claims.claim("org_id", "idp-north").claim("groups", List.of("tenant_admin")));

        assertThat(api.withToken(tenantAdmin).get("/api/v1/tenants/idp-north").statusCode()).isEqualTo(200);
        assertThat(api.withToken(tenantAdmin).get("/api/v1/tenants/idp-south").statusCode()).isEqualTo(403);
    }

    @Test
    void defaultClaimNames_meanNothingHere() {
        String token = api.tokens().mint(claims -> claims.claim("tenant_id", "idp-north").claim("roles", List.of("platform_admin"))
                .claim("groups", List.of("tenant_admin")));

        HttpResponse<String> response = api.withToken(token).get("/api/v1/tenants/idp-north");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(api.json(response).get("detail").asString()).isEqualTo("Cannot GET /api/v1/tenants/idp-north: the token names no tenant");
    }

    @Test
    void tokensOfAnotherIssuerOrAudience_orTheLocalServer_areRefused() {
        String otherIssuer = api.tokens().mint(claims -> claims.issuer("http://localhost:8080").claim("groups", List.of("platform_admin")));
        String otherAudience = api.tokens().mint(claims -> claims.audience(List.of("metriccare-api")).claim("groups", List.of("platform_admin")));

        assertThat(api.withToken(otherIssuer).get("/api/v1/tenants").statusCode()).isEqualTo(401);
        assertThat(api.withToken(otherAudience).get("/api/v1/tenants").statusCode()).isEqualTo(401);
        assertThat(api.withToken(api.tokens().signedByUnknownKey(Role.PLATFORM_ADMIN, null)).get("/api/v1/tenants").statusCode())
                .isEqualTo(401);
    }

    @Test
    void noLocalAuthorizationServer_andIngestClientsAreTheProvidersBusiness() {
        assertThat(context.getBeanNamesForType(RegisteredClientRepository.class)).isEmpty();
        assertThat(api.clientCredentials("platform-admin", "platform-admin-secret").statusCode()).isEqualTo(401);
        String tenantAdmin = api.tokens().mint(claims -> claims.claim("org_id", "idp-north").claim("groups", "tenant_admin"));

        HttpResponse<String> response = api.withToken(tenantAdmin).postJson("/api/v1/tenants/idp-north/ingest-clients", "{\"name\":\"gateway\"}");

        assertThat(response.statusCode()).isEqualTo(501);
        assertThat(api.json(response).get("category").asString()).isEqualTo("not_implemented");
        assertThat(api.json(response).get("detail").asString()).isEqualTo("Cannot manage ingest clients here: they are managed by "
                + "your identity provider; register a machine client there whose tokens carry the ingest role and the tenant");
    }

    private static HttpServer jwksServer() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] keys = new JWKSet(IDP_KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, keys.length);
                exchange.getResponseBody().write(keys);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RSAKey rsaKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID("idp-key").build();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
