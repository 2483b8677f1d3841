package io.metriccare.api.hospitals;

import java.net.http.HttpResponse;

import io.metriccare.api.ApiIntegrationTest;
import io.metriccare.tenancy.database.DatabaseTenantScope;
import io.metriccare.tenancy.hospital.HospitalRegistry;
import io.metriccare.tenancy.hospital.HospitalSighting;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant's hospitals over HTTP. Hospitals are registered the way an ETL run's publish registers
 * them, through the registry, from what their Organization says.
 */
class HospitalAdminIntegrationTests extends ApiIntegrationTest {

    private static final String TENANT = "hospital-admin";
    private static final String BASE = "/api/v1/tenants/" + TENANT + "/hospitals/";

    @Autowired
    private HospitalRegistry hospitals;

    @Autowired
    private DatabaseTenantScope databaseScope;

    @BeforeEach
    void tenant() {
        if (api.get("/api/v1/tenants/" + TENANT).statusCode() == 404) {
            api.createTenant(TENANT);
        }
    }

    @Test
    void list_showsTheTenantsHospitals_asTheirOrganizationDescribedThem() {
        sighted("list-h1", "Mass General", "220071", "MA");

        JsonNode listed = api.json(api.get("/api/v1/tenants/" + TENANT + "/hospitals"));

        JsonNode hospital = findHospital(listed, "list-h1");
        assertThat(hospital.get("name").asString()).isEqualTo("Mass General");
        assertThat(hospital.get("ccn").asString()).isEqualTo("220071");
        assertThat(hospital.get("state").asString()).isEqualTo("MA");
        assertThat(hospital.get("timeZone").asString()).isEqualTo("UTC");
        assertThat(hospital.get("editedFields")).isEmpty();
    }

    @Test
    void edit_setsTheGivenFields_andMarksThemEdited() {
        sighted("edit-h1", "Mass General", "220071", "MA");

        HttpResponse<String> edited = api.patchJson(BASE + "edit-h1",
                "{\"name\":\"Massachusetts General\",\"staffedBeds\":999,\"timeZone\":\"America/New_York\",\"state\":\"ma\"}");

        assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
        JsonNode hospital = api.json(api.get(BASE + "edit-h1"));
        assertThat(hospital.get("name").asString()).isEqualTo("Massachusetts General");
        assertThat(hospital.get("staffedBeds").asInt()).isEqualTo(999);
        assertThat(hospital.get("timeZone").asString()).isEqualTo("America/New_York");
        assertThat(hospital.get("state").asString()).isEqualTo("MA");
        assertThat(hospital.get("ccn").asString()).isEqualTo("220071");
        assertThat(hospital.get("editedFields")).extracting(JsonNode::asString)
                .containsExactly("name", "staffedBeds", "state", "timeZone");
        assertThat(hospital.get("editedAt").isNull()).isFalse();
    }

    @Test
    void laterSighting_keepsTheEditedFields_butRefreshesTheOthers() {
        sighted("resight-h1", "Mass General", "220071", "MA");
        api.patchJson(BASE + "resight-h1", "{\"name\":\"MGH (edited)\"}");

        sighted("resight-h1", "Mass General Brigham", "220072", "NH");

        JsonNode hospital = api.json(api.get(BASE + "resight-h1"));
        assertThat(hospital.get("name").asString()).isEqualTo("MGH (edited)");
        assertThat(hospital.get("ccn").asString()).isEqualTo("220072");
        assertThat(hospital.get("state").asString()).isEqualTo("NH");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"ccn\":\"22007\"}", "{\"ccn\":\"2200711\"}", "{\"ccn\":\"ab0071\"}", "{\"state\":\"XX\"}",
            "{\"state\":\"Massachusetts\"}", "{\"timeZone\":\"Mars/Olympus_Mons\"}", "{\"timeZone\":\"+02:00\"}",
            "{\"staffedBeds\":-1}", "{\"name\":\"   \"}", "{}", "{\"beds\":12}",
            "{\"name\":\"Fine name\",\"ccn\":\"'; DROP TABLE hospital; --\"}"})
    void edit_withABadValue_is400_andChangesNothing(String body) {
        sighted("bad-edit-h1", "Mass General", "220071", "MA");
        String before = api.get(BASE + "bad-edit-h1").body();

        HttpResponse<String> refused = api.patchJson(BASE + "bad-edit-h1", body);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(api.json(refused).get("detail").asString()).startsWith("Cannot edit hospital: ");
        assertThat(api.get(BASE + "bad-edit-h1").body()).isEqualTo(before);
    }

    @Test
    void edit_withAnOverlongName_is400_naming_theRule() {
        sighted("long-name-h1", "Mass General", "220071", "MA");

        HttpResponse<String> refused = api.patchJson(BASE + "long-name-h1", "{\"name\":\"" + "x".repeat(301) + "\"}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(api.json(refused).get("detail").asString())
                .startsWith("Cannot edit hospital: name must be 1-300 characters and not blank (xxxx");
    }

    @Test
    void unknownHospital_is404_forGetAndEdit() {
        assertThat(api.get(BASE + "no-such-hospital").statusCode()).isEqualTo(404);
        HttpResponse<String> edit = api.patchJson(BASE + "no-such-hospital", "{\"staffedBeds\":10}");
        assertThat(edit.statusCode()).isEqualTo(404);
        assertThat(api.json(edit).get("detail").asString())
                .isEqualTo("Cannot find hospital: tenant hospital-admin has no hospital with this id (no-such-hospital)");
    }

    /** As an ETL run's publish registers it: in platform scope (row-level security binds the test too). */
    private void sighted(String hospitalId, String name, String ccn, String state) {
        databaseScope.runAsPlatform(() -> hospitals.register(new HospitalSighting(TENANT, hospitalId, name, ccn, state)));
    }

    private static JsonNode findHospital(JsonNode hospitals, String hospitalId) {
        for (JsonNode hospital : hospitals) {
            if (hospital.get("hospitalId").asString().equals(hospitalId)) {
                return hospital;
            }
        }
        throw new AssertionError("No hospital " + hospitalId + " in " + hospitals);
    }
}
