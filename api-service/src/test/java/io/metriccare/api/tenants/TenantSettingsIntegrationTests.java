package io.metriccare.api.tenants;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.metriccare.api.ApiIntegrationTest;
import io.metriccare.api.security.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class TenantSettingsIntegrationTests extends ApiIntegrationTest {

    private static final String TENANT = "settings-checks";
    private static final String SETTINGS = "/api/v1/tenants/" + TENANT + "/settings";
    private static final List<String> VALUE_SETS = List.of("inpatientClasses", "expiredDispositions",
            "againstMedicalAdviceDispositions", "transferDispositions", "excludedVerificationStatuses", "deathCodes",
            "continuationAdmitSources", "haiCodes");
    private static final String HL7_DISPOSITION = "http://terminology.hl7.org/CodeSystem/discharge-disposition";
    private static final String NUBC_DISPOSITION = "http://www.nubc.org/patient-discharge";
    private static final String SNOMED = "http://snomed.info/sct";
    private static final String ICD10_CM = "http://hl7.org/fhir/sid/icd-10-cm";

    @BeforeEach
    void tenantWithDefaults() {
        api.postJson("/api/v1/tenants", "{\"tenantId\":\"" + TENANT + "\",\"name\":\"Settings checks\"}");
        assertThat(api.putJson(SETTINGS, "{}").statusCode()).isEqualTo(200);
    }

    @Test
    void tenantThatNeverChangedItsSettings_hasThePlatformDefaults() {
        api.postJson("/api/v1/tenants", "{\"tenantId\":\"settings-untouched\",\"name\":\"Untouched\"}");

        HttpResponse<String> response = api.get("/api/v1/tenants/settings-untouched/settings");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode settings = api.json(response);
        assertThat(settings.get("validationPolicy").asString()).isEqualTo("reject-bundle");
        assertThat(settings.get("instanceValidation").asBoolean()).isFalse();
        assertThat(settings.get("suppressionThreshold").asInt()).isEqualTo(25);
        assertThat(settings.get("etlSchedule").asString()).isEqualTo("0 */15 * * * *");
        assertThat(settings.get("platformDefaults")).extracting(JsonNode::asString)
                .containsExactlyElementsOf(concat(List.of("validationPolicy", "instanceValidation", "suppressionThreshold", "etlSchedule"),
                        valueSetDefaults(VALUE_SETS)));
        assertThat(settings.has("updatedAt")).isFalse();
        // KPI-SPEC §0 and §3, as the spec states them
        JsonNode valueSets = settings.get("valueSets");
        assertThat(valueSets.properties()).extracting(Map.Entry::getKey).containsExactlyElementsOf(VALUE_SETS);
        assertThat(strings(valueSets.get("inpatientClasses"))).containsExactlyInAnyOrder("IMP", "ACUTE", "NONAC");
        assertThat(strings(valueSets.get("expiredDispositions"))).containsExactlyInAnyOrder(HL7_DISPOSITION + "|exp",
                NUBC_DISPOSITION + "|20", NUBC_DISPOSITION + "|40", NUBC_DISPOSITION + "|41", NUBC_DISPOSITION + "|42");
        assertThat(strings(valueSets.get("transferDispositions"))).containsExactlyInAnyOrder(HL7_DISPOSITION + "|hosp",
                NUBC_DISPOSITION + "|02");
        assertThat(strings(valueSets.get("deathCodes"))).containsExactly(SNOMED + "|419620001");
        assertThat(valueSets.get("haiCodes")).extracting(code -> code.get("code").asString()).containsExactlyInAnyOrder(
                "186431008", "266096002", "433202001", "68566005", "40733004",
                "T80.211A", "T83.511A", "T81.4", "A04.71", "A04.72", "A41.02", "A49.02");
        assertThat(valueSets.get("haiCodes")).filteredOn(code -> code.get("labIdentified").asBoolean())
                .extracting(code -> code.get("type").asString()).containsOnly("cdi", "mrsa");
        assertThat(valueSets.get("haiCodes")).filteredOn(code -> code.get("prefix").asBoolean())
                .extracting(code -> code.get("system").asString() + "|" + code.get("code").asString()).containsExactly(ICD10_CM + "|T81.4");
    }

    @Test
    void settings_roundTrip_andFieldsLeftOutReturnToTheDefaults() {
        HttpResponse<String> put = api.putJson(SETTINGS, """
                {"validationPolicy": "accept-valid-entries", "instanceValidation": true, "suppressionThreshold": 11,
                 "etlSchedule": "0 30 2 * * MON-FRI"}""");

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        JsonNode settings = api.json(api.get(SETTINGS));
        assertThat(settings).isEqualTo(api.json(put));
        assertThat(settings.get("validationPolicy").asString()).isEqualTo("accept-valid-entries");
        assertThat(settings.get("instanceValidation").asBoolean()).isTrue();
        assertThat(settings.get("suppressionThreshold").asInt()).isEqualTo(11);
        assertThat(settings.get("etlSchedule").asString()).isEqualTo("0 30 2 * * MON-FRI");
        assertThat(settings.get("platformDefaults")).extracting(JsonNode::asString).containsExactlyElementsOf(valueSetDefaults(VALUE_SETS));
        assertThat(settings.get("updatedAt").asString()).isNotBlank();

        JsonNode partly = api.json(api.putJson(SETTINGS, "{\"suppressionThreshold\": 40}"));
        assertThat(partly.get("suppressionThreshold").asInt()).isEqualTo(40);
        assertThat(partly.get("validationPolicy").asString()).isEqualTo("reject-bundle");
        assertThat(partly.get("etlSchedule").asString()).isEqualTo("0 */15 * * * *");
        assertThat(partly.get("platformDefaults")).extracting(JsonNode::asString)
                .containsExactlyElementsOf(concat(List.of("validationPolicy", "instanceValidation", "etlSchedule"), valueSetDefaults(VALUE_SETS)));
    }

    @Test
    void valueSets_roundTrip_theNamedListsReplaceTheDefaultsWhole_andTheOthersKeepThem() {
        JsonNode defaults = api.json(api.get(SETTINGS)).get("valueSets");

        HttpResponse<String> put = api.putJson(SETTINGS, """
                {"valueSets": {
                   "inpatientClasses": ["IMP", "EMER"],
                   "transferDispositions": ["%1$s|hosp", "%1$s|other-hcf", "%2$s|2"],
                   "deathCodes": [],
                   "haiCodes": [{"system": "%3$s", "code": "T80.211A", "type": "clabsi"},
                                {"system": "%3$s", "code": "A04.7", "type": "cdi", "labIdentified": true, "prefix": true}]}}"""
                .formatted(HL7_DISPOSITION, NUBC_DISPOSITION, ICD10_CM));

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        JsonNode settings = api.json(api.get(SETTINGS));
        assertThat(settings).isEqualTo(api.json(put));
        JsonNode valueSets = settings.get("valueSets");
        assertThat(strings(valueSets.get("inpatientClasses"))).containsExactly("IMP", "EMER");
        assertThat(strings(valueSets.get("transferDispositions")))
                .containsExactly(HL7_DISPOSITION + "|hosp", HL7_DISPOSITION + "|other-hcf", NUBC_DISPOSITION + "|2");
        assertThat(valueSets.get("deathCodes")).isEmpty();
        assertThat(valueSets.get("haiCodes")).extracting(code -> String.join(" ", code.get("system").asString(), code.get("code").asString(),
                        code.get("type").asString(), code.get("labIdentified").asString(), code.get("prefix").asString()))
                .containsExactly(ICD10_CM + " T80.211A clabsi false false", ICD10_CM + " A04.7 cdi true true");
        List<String> untouched = List.of("expiredDispositions", "againstMedicalAdviceDispositions", "excludedVerificationStatuses",
                "continuationAdmitSources");
        untouched.forEach(list -> assertThat(valueSets.get(list)).as(list).isEqualTo(defaults.get(list)));
        assertThat(settings.get("platformDefaults")).extracting(JsonNode::asString)
                .containsExactlyElementsOf(concat(List.of("validationPolicy", "instanceValidation", "suppressionThreshold", "etlSchedule"),
                        valueSetDefaults(untouched)));
        // the compliance officer sees the lists the tenant's KPIs are computed with
        assertThat(api.json(api.as(Role.COMPLIANCE_OFFICER, TENANT).get(SETTINGS)).get("valueSets")).isEqualTo(valueSets);

        JsonNode cleared = api.json(api.putJson(SETTINGS, "{\"valueSets\": {}}"));
        assertThat(cleared.get("valueSets")).isEqualTo(defaults);
        assertThat(cleared.get("platformDefaults")).extracting(JsonNode::asString).containsAll(valueSetDefaults(VALUE_SETS));
    }

    @Test
    void invalidValueSets_are400ProblemDetails_namingTheField_andChangeNothing() {
        api.putJson(SETTINGS, "{\"valueSets\": {\"inpatientClasses\": [\"IMP\", \"EMER\"]}}");
        JsonNode before = api.json(api.get(SETTINGS));
        String code = "must be a code: a string of 1 to 256 characters, no spaces at either end";
        String disposition = "must be system|code with system " + HL7_DISPOSITION + " or " + NUBC_DISPOSITION;

        assertRejectedValueSets("[\"IMP\"]", "valueSets must be an object of value-set lists ([\"IMP\"])");
        assertRejectedValueSets("{\"haiCode\": []}", "unknown value set, the value sets are " + String.join(", ", VALUE_SETS)
                + " (valueSets.haiCode)");
        assertRejectedValueSets("{\"inpatientClasses\": \"IMP\"}", "value set is not a list (valueSets.inpatientClasses)");
        assertRejectedValueSets("{\"haiCodes\": {\"system\": \"%s\"}}".formatted(SNOMED), "value set is not a list (valueSets.haiCodes)");
        assertRejectedValueSets("{\"inpatientClasses\": [\"IMP\", 7]}", "valueSets.inpatientClasses[1] " + code + " (7)");
        assertRejectedValueSets("{\"continuationAdmitSources\": [\"\"]}", "valueSets.continuationAdmitSources[0] " + code + " ()");
        assertRejectedValueSets("{\"excludedVerificationStatuses\": [\" refuted\"]}",
                "valueSets.excludedVerificationStatuses[0] " + code + " ( refuted)");
        assertRejectedValueSets("{\"transferDispositions\": [\"hosp\"]}", "valueSets.transferDispositions[0] " + disposition + " (hosp)");
        assertRejectedValueSets("{\"expiredDispositions\": [\"%s|exp\", \"http://example.org/disposition|exp\"]}".formatted(HL7_DISPOSITION),
                "valueSets.expiredDispositions[1] " + disposition + " (http://example.org/disposition|exp)");
        assertRejectedValueSets("{\"againstMedicalAdviceDispositions\": [\"%s|\"]}".formatted(NUBC_DISPOSITION),
                "valueSets.againstMedicalAdviceDispositions[0] " + disposition + " (" + NUBC_DISPOSITION + "|)");
        assertRejectedValueSets("{\"deathCodes\": [\"419620001\"]}",
                "valueSets.deathCodes[0] must be system|code, e.g. http://snomed.info/sct|419620001 (419620001)");
        assertRejectedValueSets("{\"haiCodes\": [\"T80.211A\"]}",
                "valueSets.haiCodes[0] must be an object with system, code and type, and optionally labIdentified and prefix (T80.211A)");
        assertRejectedValueSets("{\"haiCodes\": [{\"system\": \"%s\", \"code\": \"T80.211A\"}]}".formatted(ICD10_CM),
                "valueSets.haiCodes[0].type " + code + " (missing)");
        assertRejectedValueSets("{\"haiCodes\": [{\"system\": \"%s\", \"code\": \"A04.7\", \"type\": \"cdi\", \"labIdentified\": \"yes\"}]}"
                .formatted(ICD10_CM), "valueSets.haiCodes[0].labIdentified must be true or false (yes)");
        assertRejectedValueSets("{\"haiCodes\": [{\"system\": \"%s\", \"code\": \"A04.7\", \"type\": \"cdi\", \"labidentified\": true}]}"
                .formatted(ICD10_CM), "unknown field of an HAI code, the fields are system, code, type, labIdentified, prefix "
                + "(valueSets.haiCodes[0].labidentified)");
        String tooMany = String.join(", ", Collections.nCopies(1001, "\"IMP\""));
        assertRejectedValueSets("{\"inpatientClasses\": [" + tooMany + "]}", "value set has more than 1000 entries (valueSets.inpatientClasses)");

        assertThat(api.json(api.get(SETTINGS))).isEqualTo(before);
    }

    @Test
    void invalidSettings_are400ProblemDetails_andChangeNothing() {
        api.putJson(SETTINGS, "{\"suppressionThreshold\": 12, \"validationPolicy\": \"accept-valid-entries\"}");
        JsonNode before = api.json(api.get(SETTINGS));

        assertRejected("{\"validationPolicy\": \"lenient\"}",
                "Cannot change tenant settings: validationPolicy must be reject-bundle or accept-valid-entries (lenient)");
        assertRejected("{\"suppressionThreshold\": 0}", "Cannot change tenant settings: suppressionThreshold must be at least 1 (0)");
        assertRejected("{\"etlSchedule\": \"*/15 * * * *\"}", "Cannot change tenant settings: etlSchedule must be a cron expression "
                + "of six fields, seconds first, e.g. '0 */15 * * * *' (*/15 * * * *)");
        assertRejected("{\"etlSchedule\": \"0 0 25 * * *\"}", "Cannot change tenant settings: etlSchedule must be a cron expression "
                + "of six fields, seconds first, e.g. '0 */15 * * * *' (0 0 25 * * *)");
        HttpResponse<String> notANumber = api.putJson(SETTINGS, "{\"suppressionThreshold\": \"ten\"}");
        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(api.json(notANumber).get("category").asString()).isEqualTo("incorrect");

        assertThat(api.json(api.get(SETTINGS))).isEqualTo(before);
    }

    @Test
    void unknownTenant_isNotFound() {
        HttpResponse<String> response = api.putJson("/api/v1/tenants/no-such-tenant/settings", "{}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(api.json(response).get("detail").asString()).isEqualTo("Cannot find tenant: no tenant has this id (no-such-tenant)");
        assertThat(api.get("/api/v1/tenants/no-such-tenant/settings").statusCode()).isEqualTo(404);
    }

    private void assertRejectedValueSets(String valueSets, String detail) {
        assertRejected("{\"suppressionThreshold\": 30, \"valueSets\": " + valueSets + "}", "Cannot change tenant settings: " + detail);
    }

    private static List<String> valueSetDefaults(List<String> lists) {
        return lists.stream().map(list -> "valueSets." + list).toList();
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(value -> strings.add(value.asString()));
        return strings;
    }

    private void assertRejected(String body, String detail) {
        HttpResponse<String> response = api.putJson(SETTINGS, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(api.json(response).get("detail").asString()).isEqualTo(detail);
    }
}
