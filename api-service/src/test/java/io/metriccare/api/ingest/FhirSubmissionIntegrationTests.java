package io.metriccare.api.ingest;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.metriccare.api.ApiIntegrationTest;
import io.metriccare.ingest.storage.LakeProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class FhirSubmissionIntegrationTests extends ApiIntegrationTest {

    private static final String TENANT = "ingest-checks";

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private LakeProperties lake;

    @BeforeEach
    void tenant() {
        api.postJson("/api/v1/tenants", "{\"tenantId\":\"" + TENANT + "\",\"name\":\"Ingest checks\"}");
    }

    @Test
    void acceptedBundle_isStoredAsReceived_andRecordedInTheLedger() throws IOException {
        byte[] body = """
                {"resourceType":"Bundle","type":"batch","entry":[
                  {"resource":{"resourceType":"Patient","id":"p1"},"request":{"method":"PUT","url":"Patient/p1"}}]}"""
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = api.post("/fhir/" + TENANT, "application/fhir+json", body);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/fhir+json"));
        String ingestionId = api.json(response).get("id").asString();
        String objectKey = jdbc.sql("SELECT object_key FROM ingestion WHERE ingestion_id = ?::uuid").param(ingestionId)
                .query(String.class).single();
        assertThat(objectKey).matches("raw/tenant=" + TENANT + "/dt=\\d{4}-\\d{2}-\\d{2}/" + ingestionId + "\\.json");
        assertThat(Files.readAllBytes(lake.root().resolve(objectKey))).isEqualTo(body);
    }

    @Test
    void invalidBundle_getsOperationOutcome_andChangesNothing() throws IOException {
        long ledgerBefore = ledgerRows();
        long objectsBefore = rawObjects();

        HttpResponse<String> response = api.post("/fhir/" + TENANT, "application/fhir+json",
                "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\",\"gender\":42}}]}"
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode outcome = api.json(response);
        assertThat(outcome.get("resourceType").asString()).isEqualTo("OperationOutcome");
        assertThat(outcome.get("issue").get(0).get("severity").asString()).isEqualTo("error");
        assertThat(ledgerRows()).isEqualTo(ledgerBefore);
        assertThat(rawObjects()).isEqualTo(objectsBefore);
    }

    @Test
    void unknownTenant_isNotFound_asOperationOutcome() {
        HttpResponse<String> response = api.post("/fhir/no-such-tenant", "application/fhir+json",
                "{\"resourceType\":\"Bundle\",\"type\":\"batch\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(api.json(response).get("issue").get(0).get("diagnostics").asString())
                .isEqualTo("Cannot find tenant: no tenant has this id (no-such-tenant)");
    }

    @Test
    void tenantIdThatCouldEscapeThePath_isRejected() {
        HttpResponse<String> response = api.post("/fhir/Bad..Tenant", "application/fhir+json",
                "{\"resourceType\":\"Bundle\",\"type\":\"batch\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(api.json(response).get("resourceType").asString()).isEqualTo("OperationOutcome");
    }

    private long ledgerRows() {
        return jdbc.sql("SELECT count(*) FROM ingestion WHERE tenant_id = ?").param(TENANT).query(Long.class).single();
    }

    private long rawObjects() throws IOException {
        Path raw = lake.root().resolve("raw/tenant=" + TENANT);
        if (!Files.isDirectory(raw)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(raw)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
