package io.metriccare.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One bundle travels the whole path: FHIR POST, raw zone, ledger, engine child JVM, publish, metrics API.
 * Two tenants hold the same fixture, one with its own suppression threshold; one ETL run serves both tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KpiEndToEndIntegrationTests extends ApiIntegrationTest {

    private static final String TENANT = "fixture-tenant";
    private static final String LOW_THRESHOLD_TENANT = "fixture-low-threshold";

    private boolean published;

    @BeforeEach
    void publishFixtureOnce() throws IOException {
        if (published) {
            return;
        }
        for (String tenant : List.of(TENANT, LOW_THRESHOLD_TENANT)) {
            assertThat(api.postJson("/api/v1/tenants", "{\"tenantId\":\"" + tenant + "\",\"name\":\"KPI-SPEC §7\"}").statusCode())
                    .isEqualTo(201);
            HttpResponse<String> ingested = api.post("/fhir/" + tenant, "application/fhir+json", fixture());
            assertThat(ingested.statusCode()).as(ingested.body()).isEqualTo(202);
            assertThat(api.json(ingested).get("resourceType").asString()).isEqualTo("OperationOutcome");
        }
        JsonNode run = api.runEtl("""
                {"tenantIds": ["%s", "%s"], "dataThroughDates": {"%1$s": "2024-07-31", "%2$s": "2024-07-31"}}"""
                .formatted(TENANT, LOW_THRESHOLD_TENANT));
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("succeeded");
        published = true;
    }

    @Test
    void kpiSpecSection7Fixture_travelsEndToEnd_toTheSpecNumbersForH1() {
        JsonNode metrics = api.json(api.get(
                "/api/v1/metrics/hospitals/H1?tenantId=" + TENANT + "&from=2024-01-01&to=2024-06-30&grain=month"));
        JsonNode mortality = kpi(metrics.get("total"), "mortality");
        JsonNode readmission = kpi(metrics.get("total"), "readmission_30d");
        assertThat(mortality.get("numerator").asLong()).isEqualTo(1);
        assertThat(mortality.get("denominator").asLong()).isEqualTo(7);
        assertThat(readmission.get("numerator").asLong()).isEqualTo(1);
        assertThat(readmission.get("denominator").asLong()).isEqualTo(5);
        // KPI-SPEC §6: denominators under 25 are shown to the own tenant but the rate is suppressed
        assertThat(mortality.get("suppressed").asBoolean()).isTrue();
        assertThat(mortality.get("reason").asString()).isEqualTo("denominator<25");
        assertThat(mortality.has("value")).isFalse();

        JsonNode quarters = api.json(api.get(
                "/api/v1/metrics/hospitals/H1?tenantId=" + TENANT + "&from=2024-01-01&to=2024-06-30&grain=quarter"));
        assertThat(kpi(quarters.get("total"), "mortality").get("denominator").asLong()).isEqualTo(7);
        assertThat(quarters.get("periods")).extracting(p -> p.get("periodStart").asString())
                .containsExactly("2024-01-01", "2024-04-01");
        // §4 over the §7 table: los_days per stay E1..E8 = 4, 2, 2, 3, 1, 2, 4, 2 (E9 is EMER, not a stay)
        JsonNode alos = kpi(metrics.get("total"), "alos");
        assertThat(alos.get("numerator").asLong()).isEqualTo(4 + 2 + 2 + 3 + 1 + 2 + 4 + 2);
        assertThat(alos.get("denominator").asLong()).isEqualTo(8);
        // patient-days: census days admit..discharge-1 of the same stays, all inside Jan-Jun; no HAI conditions
        JsonNode hai = kpi(metrics.get("total"), "hai_rate");
        assertThat(hai.get("numerator").asLong()).isZero();
        assertThat(hai.get("denominator").asLong()).isEqualTo(20);
    }

    @Test
    void tenantsOwnSuppressionThreshold_decidesWhichValuesAreShown() {
        String path = "/api/v1/metrics/hospitals/H1?tenantId=" + LOW_THRESHOLD_TENANT + "&from=2024-01-01&to=2024-06-30&grain=quarter";
        setSuppressionThreshold(6);

        // §7 totals over Jan-Jun: mortality 1/7, readmission 1/5, alos 20/8 stays, hai 0/20 patient-days
        JsonNode total = api.json(api.get(path)).get("total");
        assertThat(kpi(total, "mortality").get("suppressed").asBoolean()).isFalse();
        assertThat(kpi(total, "mortality").get("value").asDouble()).isEqualTo(100.0 * 1 / 7);
        assertThat(kpi(total, "readmission_30d").get("suppressed").asBoolean()).isTrue();
        assertThat(kpi(total, "readmission_30d").get("reason").asString()).isEqualTo("denominator<6");
        assertThat(kpi(total, "readmission_30d").has("value")).isFalse();
        assertThat(kpi(total, "alos").get("value").asDouble()).isEqualTo(20.0 / 8);
        assertThat(kpi(total, "hai_rate").get("value").asDouble()).isZero();

        setSuppressionThreshold(8);
        total = api.json(api.get(path)).get("total");
        assertThat(kpi(total, "mortality").get("reason").asString()).isEqualTo("denominator<8");
        assertThat(kpi(total, "mortality").has("value")).isFalse();
        assertThat(kpi(total, "alos").get("suppressed").asBoolean()).isFalse();

        // the other tenant with the same numbers keeps the platform default (KPI-SPEC §6: 25)
        JsonNode defaultTenant = api.json(api.get(path.replace(LOW_THRESHOLD_TENANT, TENANT))).get("total");
        assertThat(kpi(defaultTenant, "alos").get("reason").asString()).isEqualTo("denominator<25");
    }

    private void setSuppressionThreshold(int threshold) {
        HttpResponse<String> response = api.putJson("/api/v1/tenants/" + LOW_THRESHOLD_TENANT + "/settings",
                "{\"suppressionThreshold\": " + threshold + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static JsonNode kpi(JsonNode kpis, String measure) {
        for (JsonNode kpi : kpis) {
            if (kpi.get("measure").asString().equals(measure)) {
                return kpi;
            }
        }
        throw new AssertionError("No " + measure + " in " + kpis);
    }

    private static byte[] fixture() throws IOException {
        try (InputStream in = new ClassPathResource("demo/kpi-spec-section7-h1.json").getInputStream()) {
            return in.readAllBytes();
        }
    }
}
