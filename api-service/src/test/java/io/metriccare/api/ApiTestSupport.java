package io.metriccare.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import io.metriccare.api.security.Role;
import org.junit.jupiter.api.Assumptions;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * Talks to the service over its real port, as a platform admin unless told otherwise ({@link #as},
 * {@link #withToken}, {@link #anonymous}), and gives each test JVM its own database, lake and run directories.
 */
public final class ApiTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final TestTokens tokens;
    private final String token;

    public ApiTestSupport(int port, TestTokens tokens) {
        this("http://localhost:" + port, tokens, tokens.platformAdmin());
    }

    private ApiTestSupport(String baseUrl, TestTokens tokens, String token) {
        this.baseUrl = baseUrl;
        this.tokens = tokens;
        this.token = token;
    }

    /** The same service, called with a token of {@code role} for {@code tenantId}. */
    public ApiTestSupport as(Role role, String tenantId) {
        return withToken(tokens.of(role, tenantId));
    }

    /** The same service, called with this bearer token. */
    public ApiTestSupport withToken(String bearerToken) {
        return new ApiTestSupport(baseUrl, tokens, bearerToken);
    }

    /** The same service, called without a token. */
    public ApiTestSupport anonymous() {
        return new ApiTestSupport(baseUrl, tokens, null);
    }

    /** The bearer token this sends; null when anonymous. */
    public String token() {
        return token;
    }

    public TestTokens tokens() {
        return tokens;
    }

    /** Fresh, throw-away directories for the embedded PostgreSQL, the lake and the ETL runs. */
    public static void isolatedDirectories(DynamicPropertyRegistry registry) {
        try {
            Path root = Files.createTempDirectory("metriccare-it-");
            registry.add("metriccare.database.embedded.data-dir", () -> root.resolve("postgres").toString());
            registry.add("metriccare.lake.root", () -> root.resolve("lake").toString());
            registry.add("metriccare.etl.work-dir", () -> root.resolve("runs").toString());
            registry.add("metriccare.etl.local.max-heap", () -> "2g");
            registry.add("metriccare.ingest.max-body-size", () -> "8MB");
            // Runs start when a test asks for them; RunTriggersIntegrationTests turns the triggers on after this.
            registry.add("metriccare.etl.triggers.enabled", () -> "false");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shared third-party FHIR data; the calling test is skipped, with the reason printed, when it is absent. */
    public static Path sharedData() {
        Path dir = Path.of(System.getProperty("metriccare.shared-data", "../../shared/data")).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            String reason = "Shared FHIR test data not found at " + dir + " (set -Dmetriccare.shared-data); skipping";
            System.out.println(reason);
            Assumptions.abort(reason);
        }
        return dir;
    }

    public HttpResponse<String> post(String path, String contentType, byte[] body, String... headers) {
        return send("POST", path, contentType, body, headers);
    }

    /** Any request; {@code body} may be null (no body, no Content-Type); the path goes on the wire as given, percent-escapes and all. */
    public HttpResponse<String> send(String method, String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        return send(headers.length == 0 ? request : request.headers(headers));
    }

    public String baseUrl() {
        return baseUrl;
    }

    public HttpResponse<String> postJson(String path, String json) {
        return post(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    public HttpResponse<String> putJson(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> get(String path) {
        return send("GET", path, null, null);
    }

    public HttpResponse<String> delete(String path) {
        return send("DELETE", path, null, null);
    }

    /** POST /oauth2/token: the client-credentials grant, the client authenticated with HTTP Basic. */
    public HttpResponse<String> clientCredentials(String clientId, String clientSecret) {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        return anonymous().send("POST", "/oauth2/token", "application/x-www-form-urlencoded",
                "grant_type=client_credentials".getBytes(StandardCharsets.UTF_8), "Authorization", "Basic " + basic);
    }

    /** The claims of a JWT, unverified: for tests that look at what a token says. */
    public static JsonNode claimsOf(String jwt) {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    public HttpResponse<String> patchJson(String path, String json) {
        return send("PATCH", path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** Creates the tenant; fails the test unless it answers 201. */
    public void createTenant(String tenantId) {
        HttpResponse<String> created = postJson("/api/v1/tenants", "{\"tenantId\":\"%s\",\"name\":\"Tenant %s\"}".formatted(tenantId, tenantId));
        if (created.statusCode() != 201) {
            throw new AssertionError("Cannot create tenant " + tenantId + ": " + created.statusCode() + " " + created.body());
        }
    }

    public JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** Starts a run and waits until it ends; returns the final run resource. */
    public JsonNode runEtl(String requestJson) {
        return awaitEtlEnd(startEtl(requestJson).get("runId").asString());
    }

    /** Starts a run; returns the run resource as accepted. */
    public JsonNode startEtl(String requestJson) {
        HttpResponse<String> started = postJson("/api/v1/etl/runs", requestJson);
        if (started.statusCode() != 202) {
            throw new AssertionError("Cannot start ETL run: " + started.statusCode() + " " + started.body());
        }
        return json(started);
    }

    /** Waits until the run is neither queued nor running; returns the final run resource. */
    public JsonNode awaitEtlEnd(String runId) {
        String runPath = "/api/v1/etl/runs/" + runId;
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !json(get(runPath)).get("status").asString().matches("queued|running"));
        return json(get(runPath));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
