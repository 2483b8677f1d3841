package io.metriccare.api;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.metriccare.api.etl.EtlProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static java.time.temporal.ChronoUnit.DAYS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant's KPI value sets travel from its settings through the run manifest into the engine: two tenants post
 * the same bundle, one replaces two value sets, and one real ETL run computes both. A third tenant with value sets
 * of its own stays out of the run, and so out of its manifest.
 * <p>
 * The bundle, at hospital H1 (UTC): patient P1's inpatient stay S1 with a urinary tract infection and a CLABSI, both
 * past hospital day 3; patient P2's emergency visit S2. The custom tenant counts {@code EMER} as an inpatient class
 * and only the CLABSI as an HAI.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantValueSetsEndToEndIntegrationTests extends ApiIntegrationTest {

    private static final String CUSTOM = "valuesets-custom";
    private static final String DEFAULTS = "valuesets-defaults";
    private static final String BYSTANDER = "valuesets-bystander";

    private static final String SNOMED = "http://snomed.info/sct";
    private static final String ICD10_CM = "http://hl7.org/fhir/sid/icd-10-cm";
    private static final String CUSTOM_VALUE_SETS = """
            {"inpatientClasses": ["IMP", "ACUTE", "NONAC", "EMER"],
             "haiCodes": [{"system": "%s", "code": "T80.211A", "type": "clabsi"}]}""".formatted(ICD10_CM);

    private static final LocalDate S1_ADMIT = LocalDate.of(2024, 3, 1);
    private static final LocalDate S1_DISCHARGE = LocalDate.of(2024, 3, 11);
    private static final LocalDate UTI_ONSET = LocalDate.of(2024, 3, 5);
    private static final LocalDate CLABSI_ONSET = LocalDate.of(2024, 3, 6);
    private static final LocalDate S2_ADMIT = LocalDate.of(2024, 3, 20);
    private static final LocalDate S2_DISCHARGE = LocalDate.of(2024, 3, 22);

    private static final String MARCH = "&from=2024-03-01&to=2024-03-31&grain=month";

    @Autowired
    private EtlProperties etl;

    private JsonNode manifest;

    @BeforeEach
    void runBothTenantsOnce() throws IOException {
        if (manifest != null) {
            return;
        }
        for (String tenant : List.of(CUSTOM, DEFAULTS, BYSTANDER)) {
            api.createTenant(tenant);
        }
        putValueSets(CUSTOM, CUSTOM_VALUE_SETS);
        putValueSets(BYSTANDER, "{\"inpatientClasses\": [\"IMP\"]}");
        for (String tenant : List.of(CUSTOM, DEFAULTS)) {
            HttpResponse<String> ingested = api.post("/fhir/" + tenant, "application/fhir+json", bundle().getBytes(StandardCharsets.UTF_8));
            assertThat(ingested.statusCode()).as(ingested.body()).isEqualTo(202);
        }

        JsonNode run = api.runEtl("{\"tenantIds\": [\"%s\", \"%s\"]}".formatted(CUSTOM, DEFAULTS));

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("succeeded");
        Path manifestFile = etl.workDir().toAbsolutePath().resolve(run.get("runId").asString()).resolve("manifest.json");
        manifest = JsonMapper.shared().readTree(Files.readString(manifestFile));
    }

    @Test
    void manifest_carriesTheRecomputedTenantsOverrides_only() {
        JsonNode valueSets = manifest.get("valueSets");

        assertThat(names(valueSets)).as("tenants with value sets: not the one on defaults, not the one outside the run")
                .containsExactly(CUSTOM);
        JsonNode custom = valueSets.get(CUSTOM);
        assertThat(names(custom)).containsExactly("inpatientClasses", "haiCodes");
        assertThat(custom.get("inpatientClasses")).extracting(JsonNode::asString).containsExactly("IMP", "ACUTE", "NONAC", "EMER");
        assertThat(custom.get("haiCodes")).singleElement().satisfies(code -> {
            assertThat(code.get("system").asString()).isEqualTo(ICD10_CM);
            assertThat(code.get("code").asString()).isEqualTo("T80.211A");
            assertThat(code.get("type").asString()).isEqualTo("clabsi");
            assertThat(code.get("labIdentified").asBoolean()).isFalse();
            assertThat(code.get("prefix").asBoolean()).isFalse();
        });
    }

    @Test
    void tenantOnDefaults_countsTheInpatientStayAndBothInfections() {
        JsonNode total = total(DEFAULTS);
        // §4: patient-days are the census days admit..discharge-1; los_days = max(1, discharge - admit). S2 is EMER: no stay.
        long s1Days = DAYS.between(S1_ADMIT, S1_DISCHARGE);
        assertKpi(total, "alos", Math.max(1, s1Days), 1);
        assertKpi(total, "mortality", 0, 1);
        // §3: a UTI (SNOMED 68566005) and a CLABSI (ICD-10-CM T80.211A), different HAI types, each past day 3
        assertThat(hospitalDay(UTI_ONSET)).isGreaterThanOrEqualTo(3);
        assertThat(hospitalDay(CLABSI_ONSET)).isGreaterThanOrEqualTo(3);
        assertKpi(total, "hai_rate", 2, s1Days);
        assertThat(haiEventsByCode(DEFAULTS)).containsExactlyInAnyOrder(SNOMED + "|68566005=1", ICD10_CM + "|T80.211A=1");
    }

    @Test
    void tenantWithItsOwnValueSets_countsTheEmergencyVisitAsAStay_andOnlyItsHaiCodes() {
        JsonNode total = total(CUSTOM);
        // EMER is an inpatient class here: S2 is a qualifying stay of 2 census days
        long s1Days = DAYS.between(S1_ADMIT, S1_DISCHARGE);
        long s2Days = DAYS.between(S2_ADMIT, S2_DISCHARGE);
        assertKpi(total, "alos", Math.max(1, s1Days) + Math.max(1, s2Days), 2);
        assertKpi(total, "mortality", 0, 2);
        // the UTI code is not in this tenant's HAI value set; the CLABSI is
        assertKpi(total, "hai_rate", 1, s1Days + s2Days);
        assertThat(haiEventsByCode(CUSTOM)).containsExactly(ICD10_CM + "|T80.211A=1");
    }

    private static long hospitalDay(LocalDate onset) {
        return DAYS.between(S1_ADMIT, onset) + 1;
    }

    private JsonNode total(String tenant) {
        HttpResponse<String> response = api.get("/api/v1/metrics/hospitals/H1?tenantId=" + tenant + MARCH);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return api.json(response).get("total");
    }

    private List<String> haiEventsByCode(String tenant) {
        JsonNode byCode = api.json(api.get("/api/v1/metrics/hospitals/H1/hai-by-code?tenantId=" + tenant + MARCH));
        List<String> events = new ArrayList<>();
        byCode.get("total").forEach(code -> events.add(code.get("codeSystem").asString() + "|" + code.get("code").asString()
                + "=" + code.get("events").asLong()));
        return events;
    }

    private static void assertKpi(JsonNode total, String measure, long numerator, long denominator) {
        JsonNode kpi = null;
        for (JsonNode candidate : total) {
            if (candidate.get("measure").asString().equals(measure)) {
                kpi = candidate;
            }
        }
        assertThat(kpi).as("%s in %s", measure, total).isNotNull();
        assertThat(kpi.get("numerator").asLong()).as(measure + " numerator").isEqualTo(numerator);
        assertThat(kpi.get("denominator").asLong()).as(measure + " denominator").isEqualTo(denominator);
    }

    private static List<String> names(JsonNode object) {
        return object.properties().stream().map(Map.Entry::getKey).toList();
    }

    private void putValueSets(String tenant, String valueSets) {
        HttpResponse<String> response = api.putJson("/api/v1/tenants/" + tenant + "/settings", "{\"valueSets\": " + valueSets + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static String bundle() {
        return """
                {"resourceType": "Bundle", "type": "transaction", "entry": [
                  {"resource": {"resourceType": "Organization", "id": "H1", "name": "Value Set Hospital"},
                   "request": {"method": "PUT", "url": "Organization/H1"}},
                  {"resource": {"resourceType": "Patient", "id": "P1", "gender": "female", "birthDate": "1950-02-02"},
                   "request": {"method": "PUT", "url": "Patient/P1"}},
                  {"resource": {"resourceType": "Patient", "id": "P2", "gender": "male", "birthDate": "1970-07-07"},
                   "request": {"method": "PUT", "url": "Patient/P2"}},
                  %s,
                  %s,
                  %s,
                  %s
                ]}
                """.formatted(
                encounter("S1", "P1", "IMP", S1_ADMIT, S1_DISCHARGE),
                encounter("S2", "P2", "EMER", S2_ADMIT, S2_DISCHARGE),
                condition("C1", SNOMED, "68566005", UTI_ONSET),
                condition("C2", ICD10_CM, "T80.211A", CLABSI_ONSET));
    }

    private static String encounter(String id, String patient, String encounterClass, LocalDate admit, LocalDate discharge) {
        return """
                {"resource": {"resourceType": "Encounter", "id": "%1$s", "status": "finished",
                   "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "%3$s"},
                   "subject": {"reference": "Patient/%2$s"},
                   "period": {"start": "%4$sT12:00:00Z", "end": "%5$sT12:00:00Z"},
                   "serviceProvider": {"reference": "Organization/H1"},
                   "hospitalization": {"dischargeDisposition": {"coding": [
                     {"system": "http://terminology.hl7.org/CodeSystem/discharge-disposition", "code": "home"}]}}},
                 "request": {"method": "PUT", "url": "Encounter/%1$s"}}""".formatted(id, patient, encounterClass, admit, discharge);
    }

    /** A condition of P1's stay S1. */
    private static String condition(String id, String system, String code, LocalDate onset) {
        return """
                {"resource": {"resourceType": "Condition", "id": "%1$s",
                   "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
                   "code": {"coding": [{"system": "%2$s", "code": "%3$s"}]},
                   "subject": {"reference": "Patient/P1"}, "encounter": {"reference": "Encounter/S1"},
                   "onsetDateTime": "%4$sT12:00:00Z"},
                 "request": {"method": "PUT", "url": "Condition/%1$s"}}""".formatted(id, system, code, onset);
    }
}
