package io.metriccare.api.tenants;

import java.net.http.HttpResponse;

import io.metriccare.api.ApiIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class TenantSettingsIntegrationTests extends ApiIntegrationTest {

    private static final String TENANT = "settings-checks";
    private static final String SETTINGS = "/api/v1/tenants/" + TENANT + "/settings";

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
                .containsExactly("validationPolicy", "instanceValidation", "suppressionThreshold", "etlSchedule");
        assertThat(settings.has("updatedAt")).isFalse();
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
        assertThat(settings.get("platformDefaults")).isEmpty();
        assertThat(settings.get("updatedAt").asString()).isNotBlank();

        JsonNode partly = api.json(api.putJson(SETTINGS, "{\"suppressionThreshold\": 40}"));
        assertThat(partly.get("suppressionThreshold").asInt()).isEqualTo(40);
        assertThat(partly.get("validationPolicy").asString()).isEqualTo("reject-bundle");
        assertThat(partly.get("etlSchedule").asString()).isEqualTo("0 */15 * * * *");
        assertThat(partly.get("platformDefaults")).extracting(JsonNode::asString)
                .containsExactly("validationPolicy", "instanceValidation", "etlSchedule");
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

    private void assertRejected(String body, String detail) {
        HttpResponse<String> response = api.putJson(SETTINGS, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(api.json(response).get("detail").asString()).isEqualTo(detail);
    }
}
