package io.metriccare.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One bundle travels the whole path: FHIR POST, raw zone, ledger, engine child JVM, publish, metrics API.
 * Two tenants hold the same fixture, one with its own suppression threshold; the first also holds a second,
 * small bundle with one hospital-acquired infection at another hospital (H2), since the §7 fixture has none.
 * Two ETL runs serve every test: both tenants' fixture, then the infection, whose run publishes only the
 * lineage it replaced.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KpiEndToEndIntegrationTests extends ApiIntegrationTest {

    private static final String TENANT = "fixture-tenant";
    private static final String LOW_THRESHOLD_TENANT = "fixture-low-threshold";

    private static final List<String> MEASURES = List.of("mortality", "readmission_30d", "hai_rate", "alos");

    @Autowired
    private Environment environment;

    private boolean published;
    private String fixtureIngestionId;
    private String infectionIngestionId;
    private String fixtureRunId;
    private String infectionRunId;

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
            if (tenant.equals(TENANT)) {
                fixtureIngestionId = api.json(ingested).get("id").asString();
            }
        }
        JsonNode fixtureRun = api.runEtl("""
                {"tenantIds": ["%s", "%s"], "dataThroughDates": {"%1$s": "2024-07-31", "%2$s": "2024-07-31"}}"""
                .formatted(TENANT, LOW_THRESHOLD_TENANT));
        assertThat(fixtureRun.get("status").asString()).as(fixtureRun.toString()).isEqualTo("succeeded");
        fixtureRunId = fixtureRun.get("runId").asString();
        HttpResponse<String> infection = api.post("/fhir/" + TENANT, "application/fhir+json",
                INFECTION_AT_H2.getBytes(StandardCharsets.UTF_8));
        assertThat(infection.statusCode()).as(infection.body()).isEqualTo(202);
        infectionIngestionId = api.json(infection).get("id").asString();
        JsonNode infectionRun = api.runEtl("""
                {"tenantIds": ["%s"], "dataThroughDates": {"%1$s": "2024-07-31"}}""".formatted(TENANT));
        assertThat(infectionRun.get("status").asString()).as(infectionRun.toString()).isEqualTo("succeeded");
        infectionRunId = infectionRun.get("runId").asString();
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

    @Test
    void readmissionLineage_listsTheSpecEncounters_andTheSubmissionTheyCameFrom() {
        JsonNode lineage = api.json(api.get(
                "/api/v1/metrics/hospitals/H1/lineage?tenantId=" + TENANT + "&measure=readmission_30d&from=2024-01-01&to=2024-06-30"));

        assertThat(lineage.get("measure").asString()).isEqualTo("readmission_30d");
        // KPI-SPEC §7: E1 is readmitted (E2 within 30 days); index stays E1, E2, E5, E6, E8
        assertThat(encounters(lineage, "numerator")).containsExactly("E1");
        assertThat(encounters(lineage, "denominator")).containsExactlyInAnyOrder("E1", "E2", "E5", "E6", "E8");
        assertThat(lineage.get("numerator").asLong()).isEqualTo(1);
        assertThat(lineage.get("denominator").asLong()).isEqualTo(5);
        assertThat(lineage.get("encounters")).isNotEmpty()
                .allSatisfy(member -> assertThat(member.get("ingestionId").asString()).isEqualTo(fixtureIngestionId));
    }

    /**
     * The fixture run's tenants had never published, so their whole lineage went out; the infection run's tenant had,
     * so the engine's output carried only the infection patient's lineage, and the fixture's stays (checked above and
     * below) are still served from the first run.
     */
    @Test
    void aRunAfterAPublishedOne_asksTheEngineForTheLineageItReplacesOnly() throws IOException {
        Path runs = Path.of(environment.getRequiredProperty("metriccare.etl.work-dir")).toAbsolutePath();

        assertThat(lineageDeltaTenants(runs.resolve(fixtureRunId))).isEmpty();
        assertThat(lineageDeltaTenants(runs.resolve(infectionRunId))).containsExactly(TENANT);
        assertThat(api.json(api.get("/api/v1/metrics/hospitals/H1?tenantId=" + TENANT
                + "&from=2024-01-01&to=2024-06-30&grain=month")).get("runId").asString()).isEqualTo(infectionRunId);
    }

    private List<String> lineageDeltaTenants(Path runDirectory) throws IOException {
        List<String> tenants = new ArrayList<>();
        JsonMapper.builder().build().readTree(Files.readString(runDirectory.resolve("manifest.json"))).get("lineageDeltaTenants")
                .forEach(tenant -> tenants.add(tenant.asString()));
        return tenants;
    }

    @Test
    void lineageTotals_equalTheMetricsTotals_forEveryMeasure() {
        for (String hospital : List.of("H1", "H2")) {
            JsonNode total = api.json(api.get("/api/v1/metrics/hospitals/" + hospital + "?tenantId=" + TENANT
                    + "&from=2024-01-01&to=2024-06-30&grain=month")).get("total");
            for (String measure : MEASURES) {
                JsonNode lineage = api.json(api.get("/api/v1/metrics/hospitals/" + hospital + "/lineage?tenantId=" + TENANT
                        + "&measure=" + measure + "&from=2024-01-01&to=2024-06-30"));
                JsonNode kpi = kpi(total, measure);
                String what = hospital + " " + measure;
                assertThat(lineage.get("numerator").asLong()).as(what).isEqualTo(kpi.get("numerator").asLong())
                        .isEqualTo(sum(lineage, "numerator"));
                assertThat(lineage.get("denominator").asLong()).as(what).isEqualTo(kpi.get("denominator").asLong())
                        .isEqualTo(sum(lineage, "denominator"));
                assertThat(lineage.get("denominator").asLong()).as(what).isPositive();
            }
        }
    }

    @Test
    void haiByCode_countsTheInfectionAtH2_andNothingForTheSection7Fixture() {
        JsonNode h1 = api.json(api.get("/api/v1/metrics/hospitals/H1/hai-by-code?tenantId=" + TENANT + "&from=2024-01-01&to=2024-06-30"));
        assertThat(h1.get("total")).isEmpty();
        assertThat(h1.get("periods")).isEmpty();

        JsonNode h2 = api.json(api.get(
                "/api/v1/metrics/hospitals/H2/hai-by-code?tenantId=" + TENANT + "&from=2024-01-01&to=2024-06-30&grain=quarter"));
        assertThat(h2.get("grain").asString()).isEqualTo("quarter");
        assertThat(h2.get("total")).extracting(code -> code.get("codeSystem").asString() + "|" + code.get("code").asString()
                + "=" + code.get("events").asLong()).containsExactly("http://hl7.org/fhir/sid/icd-10-cm|T80.211A=1");
        assertThat(h2.get("periods")).extracting(period -> period.get("periodStart").asString() + ".." + period.get("periodEnd").asString())
                .containsExactly("2024-01-01..2024-03-31");

        JsonNode hai = api.json(api.get(
                "/api/v1/metrics/hospitals/H2/lineage?tenantId=" + TENANT + "&measure=hai_rate&from=2024-03-01&to=2024-03-31"));
        // KPI-SPEC §3/§4: the CLABSI on hospital day 6 counts; patient-days 03-01..03-09
        assertThat(hai.get("numerator").asLong()).isEqualTo(1);
        assertThat(hai.get("denominator").asLong()).isEqualTo(9);
        assertThat(hai.get("encounters")).extracting(member -> member.get("encounterId").asString() + "@" + member.get("ingestionId").asString())
                .containsExactly("HE1@" + infectionIngestionId);
    }

    @Test
    void lineageAndHaiByCode_refuseBadInput_withProblemDetails() {
        String lineage = "/api/v1/metrics/hospitals/H1/lineage?tenantId=" + TENANT;
        assertProblem(api.get(lineage + "&measure=los&from=2024-01-01&to=2024-06-30"), 400,
                "Cannot query lineage: measure must be mortality, readmission_30d, hai_rate or alos (los)");
        assertProblem(api.get(lineage + "&measure=alos&from=2024-07-01&to=2024-06-30"), 400,
                "Cannot query metrics: 'from' is after 'to' (2024-07-01 > 2024-06-30)");
        assertThat(api.get(lineage + "&from=2024-01-01&to=2024-06-30").statusCode()).as("measure is required").isEqualTo(400);
        assertProblem(api.get("/api/v1/metrics/hospitals/H1/hai-by-code?tenantId=" + TENANT + "&from=2024-01-01&to=2024-06-30&grain=week"),
                400, "Cannot query metrics: grain must be month, quarter or year (week)");
        assertThat(api.get("/api/v1/metrics/hospitals/H9/lineage?tenantId=" + TENANT + "&measure=alos&from=2024-01-01&to=2024-06-30")
                .statusCode()).isEqualTo(404);
    }

    private void assertProblem(HttpResponse<String> response, int status, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(api.json(response).get("detail").asString()).isEqualTo(detail);
    }

    /** The encounters that contribute to the lineage's numerator or denominator. */
    private static List<String> encounters(JsonNode lineage, String field) {
        List<String> ids = new ArrayList<>();
        lineage.get("encounters").forEach(member -> {
            if (member.get(field).asLong() > 0) {
                ids.add(member.get("encounterId").asString());
            }
        });
        return ids;
    }

    private static long sum(JsonNode lineage, String field) {
        long sum = 0;
        for (JsonNode member : lineage.get("encounters")) {
            sum += member.get(field).asLong();
        }
        return sum;
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

    /** KPI-SPEC §3's example: admitted 03-01, discharged 03-10, a CLABSI with onset 03-06 (hospital day 6) is counted. */
    private static final String INFECTION_AT_H2 = """
            {"resourceType": "Bundle", "type": "transaction", "entry": [
              {"resource": {"resourceType": "Organization", "id": "H2", "name": "Infection Ward Hospital"},
               "request": {"method": "PUT", "url": "Organization/H2"}},
              {"resource": {"resourceType": "Patient", "id": "HP1", "gender": "male", "birthDate": "1960-05-05"},
               "request": {"method": "PUT", "url": "Patient/HP1"}},
              {"resource": {"resourceType": "Encounter", "id": "HE1", "status": "finished",
                 "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "IMP"},
                 "subject": {"reference": "Patient/HP1"},
                 "period": {"start": "2024-03-01T15:00:00Z", "end": "2024-03-10T15:00:00Z"},
                 "serviceProvider": {"reference": "Organization/H2"},
                 "hospitalization": {"dischargeDisposition": {"coding": [
                   {"system": "http://terminology.hl7.org/CodeSystem/discharge-disposition", "code": "home"}]}}},
               "request": {"method": "PUT", "url": "Encounter/HE1"}},
              {"resource": {"resourceType": "Condition", "id": "HC1",
                 "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
                 "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "T80.211A"}]},
                 "subject": {"reference": "Patient/HP1"}, "encounter": {"reference": "Encounter/HE1"},
                 "onsetDateTime": "2024-03-06T15:00:00Z"},
               "request": {"method": "PUT", "url": "Condition/HC1"}}
            ]}
            """;

    private static byte[] fixture() throws IOException {
        try (InputStream in = new ClassPathResource("demo/kpi-spec-section7-h1.json").getInputStream()) {
            return in.readAllBytes();
        }
    }
}
