package io.metriccare.api.notifications;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.metriccare.api.etl.EtlRunFinished;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.sns.SnsClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The SNS publisher as the application wires it, talking real HTTP to a local stand-in for the SNS
 * endpoint: what arrives must be the AWS query-protocol Publish call, one per tenant of the run.
 */
class SnsPublisherTests {

    private static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:metriccare-runs";
    private static final String PUBLISH_RESPONSE = """
            <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
              <PublishResult><MessageId>%s</MessageId></PublishResult>
              <ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata>
            </PublishResponse>""";

    record Request(String authorization, Map<String, String> form) {
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(NotificationsProperties.class)
    static class Properties {
    }

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final JsonMapper json = JsonMapper.builder().build();
    private HttpServer sns;

    @BeforeEach
    void startSnsStandIn() throws IOException {
        sns = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sns.createContext("/", this::publish);
        sns.start();
    }

    @AfterEach
    void stopSnsStandIn() {
        sns.stop(0);
    }

    private ApplicationContextRunner application() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
                .withUserConfiguration(Properties.class, SnsConfiguration.class)
                .withPropertyValues("spring.jackson.default-property-inclusion=non_null")
                .withSystemProperties("aws.accessKeyId=AKIDMETRICCARETEST", "aws.secretAccessKey=test-secret");
    }

    @Test
    void runFinished_publishesOneEventPerTenant_withTypeAndTenantAttributes() {
        UUID runId = UUID.randomUUID();
        Instant finishedAt = Instant.parse("2024-08-01T02:03:04.567Z");
        EtlRunFinished run = new EtlRunFinished(runId, List.of("tenant-a", "tenant-b"), "succeeded", finishedAt, null,
                Map.of("tenant-a", Map.of("bronze/patient", 7L, "silver/fct_encounter", 9L),
                        "tenant-b", Map.of("bronze/patient", 3L)));

        application()
                .withPropertyValues("metriccare.notifications.sns.topic-arn=" + TOPIC,
                        "metriccare.notifications.sns.region=eu-west-1",
                        "metriccare.notifications.sns.endpoint=http://127.0.0.1:" + sns.getAddress().getPort())
                .run(context -> {
                    context.publishEvent(run);
                    await().atMost(Duration.ofSeconds(20)).until(() -> requests.size() == 2);
                });

        for (Request request : requests) {
            Map<String, String> form = request.form();
            assertThat(request.authorization())
                    .startsWith("AWS4-HMAC-SHA256 Credential=AKIDMETRICCARETEST/")
                    .contains("/eu-west-1/sns/aws4_request");
            assertThat(form).containsEntry("Action", "Publish").containsEntry("Version", "2010-03-31")
                    .containsEntry("TopicArn", TOPIC);
            Map<String, String> attributes = attributes(form);
            assertThat(attributes).containsOnlyKeys("event_type", "tenant_id").containsEntry("event_type", "run.succeeded");
            String tenant = attributes.get("tenant_id");

            JsonNode message = json.readTree(form.get("Message"));
            assertThat(message.get("id").asString())
                    .isEqualTo(UUID.nameUUIDFromBytes(("run:" + runId + ":" + tenant).getBytes(StandardCharsets.UTF_8)).toString());
            assertThat(message.get("type").asString()).isEqualTo("run.succeeded");
            assertThat(Instant.parse(message.get("occurredAt").asString())).isEqualTo(finishedAt);
            JsonNode data = message.get("data");
            assertThat(data.get("runId").asString()).isEqualTo(runId.toString());
            assertThat(data.get("tenantId").asString()).isEqualTo(tenant);
            assertThat(data.get("status").asString()).isEqualTo("succeeded");
            assertThat(data.has("error")).isFalse();
            Map<String, Long> rowCounts = new LinkedHashMap<>();
            data.get("rowCounts").properties().forEach(table -> rowCounts.put(table.getKey(), table.getValue().asLong()));
            assertThat(rowCounts).isEqualTo(run.rowCountsByTenant().get(tenant));
        }
        assertThat(requests).extracting(request -> attributes(request.form()).get("tenant_id"))
                .containsExactlyInAnyOrder("tenant-a", "tenant-b");
    }

    @Test
    void withoutTopicArn_noSnsClientIsCreated() {
        application().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(SnsPublisher.class);
            assertThat(context).doesNotHaveBean(SnsClient.class);
        });
    }

    /** {@code MessageAttributes.entry.N.Name} and {@code .Value.StringValue}, checking every value is a String. */
    private static Map<String, String> attributes(Map<String, String> form) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int n = 1; form.containsKey("MessageAttributes.entry." + n + ".Name"); n++) {
            String prefix = "MessageAttributes.entry." + n + ".";
            assertThat(form.get(prefix + "Value.DataType")).isEqualTo("String");
            attributes.put(form.get(prefix + "Name"), form.get(prefix + "Value.StringValue"));
        }
        return attributes;
    }

    private void publish(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(exchange.getRequestHeaders().getFirst("Authorization"), form(body)));
        byte[] response = PUBLISH_RESPONSE.formatted(UUID.randomUUID(), UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/xml");
        exchange.sendResponseHeaders(200, response.length);
        exchange.getResponseBody().write(response);
        exchange.close();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return form;
    }
}
