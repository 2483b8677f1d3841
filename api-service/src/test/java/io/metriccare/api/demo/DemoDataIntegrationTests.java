package io.metriccare.api.demo;

import java.time.Duration;

import io.metriccare.api.ApiTestSupport;
import io.metriccare.api.TestTokens;
import io.metriccare.api.security.SecurityProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The README quick start: the demo profile loads two tenants and its one ETL run publishes their KPIs. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
class DemoDataIntegrationTests {

    @LocalServerPort
    private int port;

    @Autowired
    private JwtEncoder jwtEncoder;

    @Autowired
    private SecurityProperties securityProperties;

    @DynamicPropertySource
    static void directories(DynamicPropertyRegistry registry) {
        ApiTestSupport.isolatedDirectories(registry);
    }

    @Test
    void demoStart_publishesKpisForBothDemoTenants() {
        ApiTestSupport api = new ApiTestSupport(port, new TestTokens(jwtEncoder, securityProperties));
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(2))
                .until(() -> api.json(api.get("/api/v1/etl/runs")).path(0).path("status").asString("queued")
                        .matches("succeeded|failed"));
        JsonNode run = api.json(api.get("/api/v1/etl/runs")).get(0);
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("succeeded");
        assertThat(run.get("tenantIds")).extracting(JsonNode::asString).containsExactly("demo-north", "demo-south");

        JsonNode north = api.json(api.get("/api/v1/metrics/hospitals/H1?tenantId=demo-north&from=2024-01-01&to=2024-06-30&grain=month"));
        assertThat(north.get("total").get(0).get("measure").asString()).isEqualTo("mortality");
        assertThat(north.get("total").get(0).get("numerator").asLong()).isEqualTo(1);
        assertThat(north.get("total").get(0).get("denominator").asLong()).isEqualTo(7);

        for (String hospital : new String[] {"org-1", "org-2"}) {
            JsonNode south = api.json(api.get("/api/v1/metrics/hospitals/" + hospital
                    + "?tenantId=demo-south&from=2024-01-01&to=2024-12-31&grain=year"));
            assertThat(south.get("hospitalName").asString()).isNotBlank();
            assertThat(south.get("total")).allSatisfy(kpi -> assertThat(kpi.get("denominator").asLong()).isPositive());
        }
    }
}
