package io.metriccare.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** One bundle travels the whole path: FHIR POST, raw zone, ledger, engine child JVM, publish, metrics API. */
class KpiEndToEndIntegrationTests extends ApiIntegrationTest {

    @Test
    void kpiSpecSection7Fixture_travelsEndToEnd_toTheSpecNumbersForH1() throws IOException {
        assertThat(api.postJson("/api/v1/tenants", "{\"tenantId\":\"fixture-tenant\",\"name\":\"KPI-SPEC §7\"}").statusCode())
                .isEqualTo(201);
        HttpResponse<String> ingested = api.post("/fhir/fixture-tenant", "application/fhir+json", fixture());
        assertThat(ingested.statusCode()).as(ingested.body()).isEqualTo(202);
        assertThat(api.json(ingested).get("resourceType").asString()).isEqualTo("OperationOutcome");

        JsonNode run = api.runEtl("""
                {"tenantIds": ["fixture-tenant"], "dataThroughDates": {"fixture-tenant": "2024-07-31"}}""");
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("succeeded");

        JsonNode metrics = api.json(api.get(
                "/api/v1/metrics/hospitals/H1?tenantId=fixture-tenant&from=2024-01-01&to=2024-06-30&grain=month"));
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
                "/api/v1/metrics/hospitals/H1?tenantId=fixture-tenant&from=2024-01-01&to=2024-06-30&grain=quarter"));
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
