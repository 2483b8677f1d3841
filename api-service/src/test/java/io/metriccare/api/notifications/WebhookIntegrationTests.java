package io.metriccare.api.notifications;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.metriccare.api.ApiIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks end to end: registered over the API, fed by a real ETL run of the local engine, delivered
 * over HTTP to a local receiver that fails before it succeeds. Retry delays are short here.
 */
@TestPropertySource(properties = {
        "metriccare.notifications.webhooks.allow-insecure-localhost=true",
        "metriccare.notifications.webhooks.base-delay=300ms",
        "metriccare.notifications.webhooks.max-attempts=4",
        "metriccare.notifications.webhooks.poll-interval=50ms"})
class WebhookIntegrationTests extends ApiIntegrationTest {

    private static final Duration BASE_DELAY = Duration.ofMillis(300);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void runEvents_reachOnlyTheirTenantsWebhooks_signed_andRetriedWithGrowingDelays() throws Exception {
        createTenant("notify-a");
        createTenant("notify-b");
        createTenant("notify-c");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            JsonNode flaky = createWebhook("notify-a", receiver.endpoint("/a", 500, 500, 200), null);
            JsonNode down = createWebhook("notify-a", receiver.endpoint("/a-down", 503), List.of("run.succeeded"));
            JsonNode tenantB = createWebhook("notify-b", receiver.endpoint("/b", 204), null);
            JsonNode tenantBFailuresOnly = createWebhook("notify-b", receiver.endpoint("/b-failures", 200), List.of("run.failed"));
            JsonNode outsideTheRun = createWebhook("notify-c", receiver.endpoint("/c", 200), null);
            postFixture("notify-a");
            postFixture("notify-b");

            JsonNode run = api.runEtl("""
                    {"tenantIds": ["notify-a", "notify-b"],
                     "dataThroughDates": {"notify-a": "2024-07-31", "notify-b": "2024-07-31"}}""");
            assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("succeeded");

            await().atMost(Duration.ofMinutes(1)).until(() -> deliveryStatus("notify-a", flaky).equals("delivered"));
            await().atMost(Duration.ofMinutes(1)).until(() -> deliveryStatus("notify-a", down).equals("failed"));

            // tenant A's webhook: 500, 500, then 200; each retry waits longer than the one before
            List<WebhookReceiver.Received> attempts = receiver.received("/a");
            assertThat(attempts).hasSize(3);
            Duration firstWait = Duration.ofNanos(attempts.get(1).arrivedNanos() - attempts.get(0).arrivedNanos());
            Duration secondWait = Duration.ofNanos(attempts.get(2).arrivedNanos() - attempts.get(1).arrivedNanos());
            assertThat(firstWait).isGreaterThanOrEqualTo(BASE_DELAY);
            assertThat(secondWait).isGreaterThanOrEqualTo(BASE_DELAY.multipliedBy(2)).isGreaterThan(firstWait);
            String secret = flaky.get("secret").asString();
            for (WebhookReceiver.Received attempt : attempts) {
                assertSignedDelivery(attempt, secret, "run.succeeded");
            }
            assertThat(attempts).extracting(WebhookReceiver.Received::body).containsOnly(attempts.get(0).body());
            assertThat(attempts).extracting(attempt -> attempt.header("X-MetricCare-Delivery")).containsOnly(
                    attempts.get(0).header("X-MetricCare-Delivery"));
            JsonNode event = JSON.readTree(attempts.get(2).body());
            assertRunEvent(event, run, "notify-a");

            JsonNode delivery = deliveries("notify-a", flaky).get(0);
            assertThat(delivery.get("deliveryId").asString()).isEqualTo(attempts.get(0).header("X-MetricCare-Delivery"));
            assertThat(delivery.get("eventId").asString()).isEqualTo(event.get("id").asString());
            assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
            assertThat(delivery.get("lastStatusCode").asInt()).isEqualTo(200);
            assertThat(delivery.has("nextAttemptAt")).isFalse();
            assertThat(delivery.get("payload")).isEqualTo(event);

            // a receiver that never answers 2xx: given up after max-attempts
            assertThat(receiver.received("/a-down")).hasSize(4);
            JsonNode givenUp = deliveries("notify-a", down).get(0);
            assertThat(givenUp.get("attempts").asInt()).isEqualTo(4);
            assertThat(givenUp.get("lastStatusCode").asInt()).isEqualTo(503);
            assertThat(givenUp.get("lastError").asString()).isEqualTo("HTTP 503");

            // tenant B: its own event only, once; its run.failed-only webhook and tenant C (not in the run) get nothing
            List<WebhookReceiver.Received> toB = receiver.received("/b");
            assertThat(toB).hasSize(1);
            assertSignedDelivery(toB.get(0), tenantB.get("secret").asString(), "run.succeeded");
            JsonNode eventB = JSON.readTree(toB.get(0).body());
            assertRunEvent(eventB, run, "notify-b");
            assertThat(eventB.get("id").asString()).isNotEqualTo(event.get("id").asString());
            assertThat(toB.get(0).body()).doesNotContain("notify-a");
            assertThat(deliveries("notify-b", tenantB).get(0).get("status").asString()).isEqualTo("delivered");
            assertThat(receiver.received("/b-failures")).isEmpty();
            assertThat(deliveries("notify-b", tenantBFailuresOnly)).isEmpty();
            assertThat(receiver.received("/c")).isEmpty();
            assertThat(deliveries("notify-c", outsideTheRun)).isEmpty();
        }
    }

    @Test
    void invalidWebhooks_areRejectedWithProblemDetails_andNothingIsStored() {
        createTenant("notify-invalid");
        Map<String, String> rejected = new TreeMap<>(Map.of(
                "{\"url\": \"http://hooks.example.com/metriccare\"}",
                "Cannot register webhook: url must use https, or http to localhost (http://hooks.example.com/metriccare)",
                "{\"url\": \"ftp://localhost/hook\"}",
                "Cannot register webhook: url must use https, or http to localhost (ftp://localhost/hook)",
                "{\"url\": \"not a url\"}",
                "Cannot register webhook: url is not a valid URL (not a url)",
                "{\"url\": \"/relative/hook\"}",
                "Cannot register webhook: url is not an absolute URL with a host (/relative/hook)",
                "{\"url\": \"https://user:password@hooks.example.com/\"}",
                "Cannot register webhook: url must not contain credentials",
                "{}",
                "Cannot register webhook: url is required",
                "{\"url\": \"https://hooks.example.com/\", \"eventTypes\": [\"run.started\"]}",
                "Cannot register webhook: unknown event type (run.started); known types: run.succeeded, run.failed, run.cancelled"));
        rejected.forEach((body, detail) -> {
            HttpResponse<String> response = api.postJson("/api/v1/tenants/notify-invalid/webhooks", body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(api.json(response).get("detail").asString()).isEqualTo(detail);
        });
        HttpResponse<String> malformed = api.postJson("/api/v1/tenants/notify-invalid/webhooks", "{\"url\": ");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(api.json(malformed).get("detail").asString())
                .isEqualTo("Cannot read request body: it is missing or not valid JSON of the expected shape");
        assertThat(api.json(api.get("/api/v1/tenants/notify-invalid/webhooks"))).isEmpty();

        HttpResponse<String> unknownTenant = api.postJson("/api/v1/tenants/no-such-tenant/webhooks",
                "{\"url\": \"https://hooks.example.com/\"}");
        assertThat(unknownTenant.statusCode()).isEqualTo(404);
        assertThat(api.json(unknownTenant).get("category").asString()).isEqualTo("not_found");
        assertThat(api.postJson("/api/v1/tenants/Not_A_Tenant/webhooks", "{\"url\": \"https://hooks.example.com/\"}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void webhook_isListedWithoutSecret_pausedAndDeleted_onlyWithinItsTenant() {
        createTenant("notify-owner");
        createTenant("notify-other");
        JsonNode created = createWebhook("notify-owner", "https://hooks.example.com/metriccare", List.of("run.failed", "run.failed"));
        String id = created.get("webhookId").asString();
        assertThat(created.get("secret").asString()).startsWith("whsec_").hasSize("whsec_".length() + 43);
        assertThat(created.get("eventTypes")).extracting(JsonNode::asString).containsExactly("run.failed");

        JsonNode listed = api.json(api.get("/api/v1/tenants/notify-owner/webhooks"));
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("webhookId").asString()).isEqualTo(id);
        assertThat(listed.get(0).get("url").asString()).isEqualTo("https://hooks.example.com/metriccare");
        assertThat(listed.get(0).get("enabled").asBoolean()).isTrue();
        assertThat(listed.get(0).has("secret")).isFalse();
        assertThat(api.get("/api/v1/tenants/notify-owner/webhooks/" + id).body()).doesNotContain(created.get("secret").asString());

        assertThat(api.patchJson("/api/v1/tenants/notify-owner/webhooks/" + id, "{\"enabled\": false}").statusCode()).isEqualTo(200);
        assertThat(api.json(api.get("/api/v1/tenants/notify-owner/webhooks/" + id)).get("enabled").asBoolean()).isFalse();
        assertThat(api.patchJson("/api/v1/tenants/notify-owner/webhooks/" + id, "{}").statusCode()).isEqualTo(400);

        assertThat(api.get("/api/v1/tenants/notify-other/webhooks/" + id).statusCode()).isEqualTo(404);
        assertThat(api.get("/api/v1/tenants/notify-other/webhooks/" + id + "/deliveries").statusCode()).isEqualTo(404);
        assertThat(api.delete("/api/v1/tenants/notify-other/webhooks/" + id).statusCode()).isEqualTo(404);
        assertThat(api.delete("/api/v1/tenants/notify-owner/webhooks/" + id).statusCode()).isEqualTo(204);
        assertThat(api.json(api.get("/api/v1/tenants/notify-owner/webhooks"))).isEmpty();
        assertThat(api.delete("/api/v1/tenants/notify-owner/webhooks/" + id).statusCode()).isEqualTo(404);
    }

    /** What a receiver checks: the headers, and the signature over "timestamp.body" with the secret, made fresh. */
    private static void assertSignedDelivery(WebhookReceiver.Received request, String secret, String eventType) throws Exception {
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("X-MetricCare-Event")).isEqualTo(eventType);
        assertThat(request.header("X-MetricCare-Delivery")).isNotBlank();
        long timestamp = Long.parseLong(request.header("X-MetricCare-Timestamp"));
        assertThat(Duration.between(Instant.ofEpochSecond(timestamp), Instant.now()).abs()).isLessThan(Duration.ofMinutes(5));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256=" + HexFormat.of().formatHex(
                mac.doFinal((timestamp + "." + request.body()).getBytes(StandardCharsets.UTF_8)));
        assertThat(request.header("X-MetricCare-Signature")).isEqualTo(expected);
    }

    /** The event carries the run's facts for this tenant only: its row counts are the run summary's for the tenant. */
    private static void assertRunEvent(JsonNode event, JsonNode run, String tenant) {
        assertThat(event.get("type").asString()).isEqualTo("run.succeeded");
        assertThat(Instant.parse(event.get("occurredAt").asString())).isEqualTo(Instant.parse(run.get("finishedAt").asString()));
        JsonNode data = event.get("data");
        assertThat(data.get("runId").asString()).isEqualTo(run.get("runId").asString());
        assertThat(data.get("tenantId").asString()).isEqualTo(tenant);
        assertThat(data.get("status").asString()).isEqualTo("succeeded");
        assertThat(data.has("error")).isFalse();
        Map<String, Long> expectedCounts = new TreeMap<>();
        run.get("summary").get("tables").properties().forEach(table -> {
            if (table.getValue().has(tenant)) {
                expectedCounts.put(table.getKey(), table.getValue().get(tenant).asLong());
            }
        });
        Map<String, Long> counts = new TreeMap<>();
        data.get("rowCounts").properties().forEach(table -> counts.put(table.getKey(), table.getValue().asLong()));
        assertThat(expectedCounts).containsKey("bronze/encounter");
        assertThat(counts).isEqualTo(expectedCounts);
    }

    private void createTenant(String tenantId) {
        HttpResponse<String> response = api.postJson("/api/v1/tenants",
                "{\"tenantId\": \"%s\", \"name\": \"%s\"}".formatted(tenantId, tenantId));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private JsonNode createWebhook(String tenantId, String url, List<String> eventTypes) {
        String types = eventTypes == null ? "" : ", \"eventTypes\": [" + String.join(", ",
                eventTypes.stream().map(type -> "\"" + type + "\"").toList()) + "]";
        HttpResponse<String> response = api.postJson("/api/v1/tenants/%s/webhooks".formatted(tenantId),
                "{\"url\": \"%s\"%s}".formatted(url, types));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode webhook = api.json(response);
        assertThat(response.headers().firstValue("Location"))
                .hasValue("/api/v1/tenants/%s/webhooks/%s".formatted(tenantId, webhook.get("webhookId").asString()));
        return webhook;
    }

    private JsonNode deliveries(String tenantId, JsonNode webhook) {
        HttpResponse<String> response = api.get("/api/v1/tenants/%s/webhooks/%s/deliveries"
                .formatted(tenantId, webhook.get("webhookId").asString()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return api.json(response);
    }

    private String deliveryStatus(String tenantId, JsonNode webhook) {
        return deliveries(tenantId, webhook).path(0).path("status").asString("none");
    }

    private void postFixture(String tenantId) throws IOException {
        try (InputStream in = new ClassPathResource("demo/kpi-spec-section7-h1.json").getInputStream()) {
            HttpResponse<String> response = api.post("/fhir/" + tenantId, "application/fhir+json", in.readAllBytes());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        }
    }
}
