package io.metriccare.api.etl;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;

import io.metriccare.api.ApiTestSupport;
import io.metriccare.api.TestTokens;
import io.metriccare.api.security.SecurityProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs that start on their own: new submissions, once quiet for the debounce, start one run for
 * their tenant, and no second one while it is queued or running. The schedule is set to fire
 * once a year, so only new data can start these runs. The context closes after the class: its
 * triggers would otherwise go on starting runs under later test classes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RunTriggersIntegrationTests {

    private static final String TENANT = "trig-a";

    @LocalServerPort
    private int port;

    @Autowired
    private JwtEncoder jwtEncoder;

    @Autowired
    private SecurityProperties securityProperties;

    private ApiTestSupport api;

    @DynamicPropertySource
    static void triggers(DynamicPropertyRegistry registry) {
        ApiTestSupport.isolatedDirectories(registry);
        registry.add("metriccare.etl.triggers.enabled", () -> "true");
        registry.add("metriccare.etl.triggers.tick", () -> "1s");
        registry.add("metriccare.etl.triggers.debounce", () -> "3s");
        registry.add("metriccare.etl.schedule", () -> "0 0 0 1 1 *");
    }

    @BeforeEach
    void connect() {
        api = new ApiTestSupport(port, new TestTokens(jwtEncoder, securityProperties));
    }

    @Test
    void newSubmissions_startOneRunOnceQuiet_andNoSecondWhileItIsUnfinished() throws IOException {
        api.createTenant(TENANT);
        assertThat(api.post("/fhir/" + TENANT, "application/fhir+json", fixture()).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> runsOfTenant().size() == 1);
        JsonNode first = runsOfTenant().get(0);
        assertThat(api.post("/fhir/" + TENANT + "/Patient", "application/fhir+json",
                "{\"resourceType\":\"Patient\",\"id\":\"late\"}".getBytes()).statusCode()).isEqualTo(202);

        // Longer than the debounce plus two ticks: the late submission is due, but its tenant's run is unfinished.
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(8)).until(() -> runsOfTenant().size() == 1);
        String runPath = "/api/v1/etl/runs/" + first.get("runId").asString();
        assertThat(api.json(api.get(runPath)).get("status").asString()).as("the first run is still unfinished")
                .isIn("queued", "running");

        JsonNode ended = api.awaitEtlEnd(first.get("runId").asString());
        assertThat(ended.get("status").asString()).as(ended.toString()).isEqualTo("succeeded");
        assertThat(ended.get("inputCount").asInt()).isEqualTo(1);

        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() -> runsOfTenant().size() == 2);
    }

    private List<JsonNode> runsOfTenant() {
        return StreamSupport.stream(api.json(api.get("/api/v1/etl/runs")).spliterator(), false)
                .filter(run -> run.get("tenantIds").size() == 1 && run.get("tenantIds").get(0).asString().equals(TENANT))
                .toList();
    }

    private static byte[] fixture() throws IOException {
        try (InputStream in = new ClassPathResource("demo/kpi-spec-section7-h1.json").getInputStream()) {
            return in.readAllBytes();
        }
    }
}
