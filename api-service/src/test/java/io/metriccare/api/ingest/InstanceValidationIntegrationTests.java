package io.metriccare.api.ingest;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.metriccare.api.ApiIntegrationTest;
import org.junit.jupiter.api.Test;
import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.database.DatabaseTenantScope;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Opt-in instance validation: off the request path, findings with FHIRPath locations on the ingestion. */
class InstanceValidationIntegrationTests extends ApiIntegrationTest {

    private static final String FHIR_JSON = "application/fhir+json";
    private static final String OBS_6 = "http://hl7.org/fhir/StructureDefinition/Observation#obs-6";

    /**
     * Strict parsing and the structural checks accept it, but it breaks invariant obs-6 (severity error):
     * dataAbsentReason SHALL only be present if Observation.value[x] is not present.
     */
    private static final String OBSERVATION_WITH_VALUE_AND_ABSENT_REASON = """
            {"resourceType": "Observation", "id": "hr-1", "status": "final",
             "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4", "display": "Heart rate"}]},
             "subject": {"reference": "Patient/p1"}, "effectiveDateTime": "2024-03-01T10:00:00Z",
             "valueQuantity": {"value": 72, "unit": "beats/minute", "system": "http://unitsofmeasure.org", "code": "/min"},
             "dataAbsentReason": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/data-absent-reason", "code": "unknown"}]}}""";

    @Autowired
    private DatabaseTenantScope databaseScope;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private ConfigurableApplicationContext context;

    @Test
    void invariantViolation_isAcceptedAtOnce_andFoundByTheInstanceValidatorAtItsLocation() {
        String tenant = tenant("validating", true);

        HttpResponse<String> response = api.post("/fhir/" + tenant + "/Observation", FHIR_JSON, bytes(OBSERVATION_WITH_VALUE_AND_ABSENT_REASON));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String ingestionId = api.json(response).get("id").asString();
        JsonNode validation = awaitValidation(tenant, ingestionId);
        assertThat(validation.get("status").asString()).isEqualTo("done");
        assertThat(validation.get("errors").asInt()).isEqualTo(1);

        HttpResponse<String> findings = api.get("/api/v1/ingestions/%s/validation?tenantId=%s".formatted(ingestionId, tenant));
        assertThat(findings.statusCode()).isEqualTo(200);
        JsonNode outcome = api.json(findings);
        assertThat(outcome.get("resourceType").asString()).isEqualTo("OperationOutcome");
        assertThat(outcome.get("id").asString()).isEqualTo(ingestionId);
        JsonNode error = outcome.get("issue").get(0);
        assertThat(error.get("severity").asString()).isEqualTo("error");
        assertThat(error.get("details").get("coding").get(0).get("code").asString()).isEqualTo(OBS_6);
        assertThat(error.get("diagnostics").asString())
                .isEqualTo("Constraint failed: obs-6: 'dataAbsentReason SHALL only be present if Observation.value[x] is not present'");
        assertThat(error.get("expression").get(0).asString()).isEqualTo("Observation");
        assertThat(outcome.get("issue").valueStream().skip(1).toList()).extracting(issue -> issue.get("severity").asString()).doesNotContain("error", "fatal");
    }

    @Test
    void bundleFindings_carryTheirEntryLocation() {
        String tenant = tenant("validating-bundles", true);

        HttpResponse<String> response = api.post("/fhir/" + tenant + "/Bundle", FHIR_JSON, bytes("""
                {"resourceType": "Bundle", "type": "collection", "entry": [
                  {"fullUrl": "urn:uuid:9a1e0c52-0000-4000-8000-000000000001",
                   "resource": {"resourceType": "Patient", "id": "p1", "gender": "female"}},
                  {"fullUrl": "urn:uuid:9a1e0c52-0000-4000-8000-000000000002", "resource": %s}
                ]}""".formatted(OBSERVATION_WITH_VALUE_AND_ABSENT_REASON)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String ingestionId = api.json(response).get("id").asString();
        assertThat(awaitValidation(tenant, ingestionId).get("errors").asInt()).isEqualTo(1);
        JsonNode error = api.json(api.get("/api/v1/ingestions/%s/validation?tenantId=%s".formatted(ingestionId, tenant))).get("issue").get(0);
        assertThat(error.get("details").get("coding").get(0).get("code").asString()).isEqualTo(OBS_6);
        assertThat(error.get("expression").get(0).asString()).isEqualTo("Bundle.entry[1].resource/*Observation/hr-1*/");
    }

    @Test
    void bulkImportBatches_areValidatedResourceByResource_locatedInTheirStoredBundle() {
        String tenant = tenant("validating-imports", true);
        String ndjson = "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"gender\":\"female\"}\n"
                + OBSERVATION_WITH_VALUE_AND_ABSENT_REASON.replace("\n", "") + "\n";

        HttpResponse<String> accepted = api.post("/fhir/" + tenant + "/$import", "application/fhir+ndjson", bytes(ndjson));

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String statusPath = accepted.headers().firstValue("Content-Location").orElseThrow();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> api.get(statusPath).statusCode() == 200);
        String ingestionId = api.json(api.get(statusPath)).get("ingestionIds").get(0).asString();
        JsonNode validation = awaitValidation(tenant, ingestionId);
        assertThat(validation.get("errors").asInt()).as("only obs-6: the batch's Bundle (entries without fullUrl) is ours").isEqualTo(1);
        JsonNode error = api.json(api.get("/api/v1/ingestions/%s/validation?tenantId=%s".formatted(ingestionId, tenant))).get("issue").get(0);
        assertThat(error.get("details").get("coding").get(0).get("code").asString()).isEqualTo(OBS_6);
        assertThat(error.get("expression").get(0).asString()).isEqualTo("Bundle.entry[1].resource");
    }

    @Test
    void tenantWithoutInstanceValidation_hasNoValidationJob() {
        String tenant = tenant("not-validating", false);

        HttpResponse<String> response = api.post("/fhir/" + tenant + "/Observation", FHIR_JSON, bytes(OBSERVATION_WITH_VALUE_AND_ABSENT_REASON));

        assertThat(response.statusCode()).isEqualTo(202);
        String ingestionId = api.json(response).get("id").asString();
        assertThat(api.json(api.get("/api/v1/ingestions/%s?tenantId=%s".formatted(ingestionId, tenant))).has("validation")).isFalse();
        HttpResponse<String> findings = api.get("/api/v1/ingestions/%s/validation?tenantId=%s".formatted(ingestionId, tenant));
        assertThat(findings.statusCode()).isEqualTo(404);
        assertThat(api.json(findings).get("detail").asString()).isEqualTo(
                "Cannot find instance validation: tenant %s has no instance validation of this ingestion (%s)".formatted(tenant, ingestionId));
        // counted in the tenant's own scope: row-level security would hide its rows from any other
        assertThat(databaseScope.callAs(new TenantId(tenant),
                () -> jdbc.sql("SELECT count(*) FROM instance_validation WHERE tenant_id = ?").param(tenant).query(Long.class).single()))
                .isZero();
    }

    @Test
    void validationLeftRunningByAStoppedService_isRunAgainWhenTheServiceStarts() {
        String tenant = tenant("validating-restart", true);
        String ingestionId = api.json(api.post("/fhir/" + tenant + "/Observation", FHIR_JSON,
                bytes(OBSERVATION_WITH_VALUE_AND_ABSENT_REASON))).get("id").asString();
        awaitValidation(tenant, ingestionId);
        // as a process killed mid-validation leaves it
        databaseScope.runAs(new TenantId(tenant), () -> jdbc.sql("""
                UPDATE instance_validation SET status = 'running', finished_at = NULL, error_count = 0, issue_count = 0, issues = '[]'
                WHERE ingestion_id = ?::uuid""").param(ingestionId).update());
        assertThat(api.json(api.get("/api/v1/ingestions/%s/validation?tenantId=%s".formatted(ingestionId, tenant)))
                .get("issue").get(0).get("diagnostics").asString())
                .isEqualTo("Instance validation of ingestion %s is running".formatted(ingestionId));

        context.publishEvent(new ApplicationReadyEvent(new SpringApplication(), new String[0], context, Duration.ZERO));

        JsonNode validation = awaitValidation(tenant, ingestionId);
        assertThat(validation.get("status").asString()).isEqualTo("done");
        assertThat(validation.get("errors").asInt()).isEqualTo(1);
    }

    private JsonNode awaitValidation(String tenant, String ingestionId) {
        String path = "/api/v1/ingestions/%s?tenantId=%s".formatted(ingestionId, tenant);
        // the first validation in a JVM loads every R4 definition: tens of seconds on a busy machine
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.json(api.get(path)).get("validation").get("status").asString().matches("done|failed"));
        return api.json(api.get(path)).get("validation");
    }

    private String tenant(String tenantId, boolean instanceValidation) {
        api.postJson("/api/v1/tenants", "{\"tenantId\":\"" + tenantId + "\",\"name\":\"" + tenantId + "\"}");
        HttpResponse<String> settings = api.putJson("/api/v1/tenants/" + tenantId + "/settings",
                "{\"instanceValidation\": " + instanceValidation + "}");
        assertThat(settings.statusCode()).as(settings.body()).isEqualTo(200);
        return tenantId;
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
