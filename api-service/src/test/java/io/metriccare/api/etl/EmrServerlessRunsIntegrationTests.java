package io.metriccare.api.etl;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.metriccare.api.ApiIntegrationTest;
import io.metriccare.ingest.storage.S3MockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service configured for AWS — raw zone on S3 (S3Mock), {@code metriccare.etl.engine=emr-serverless}
 * against a stand-in for the EMR Serverless API — driven over its real port: runs, output publishing, cancel.
 */
class EmrServerlessRunsIntegrationTests extends ApiIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String LAKE_BUCKET = "metriccare-lake";
    private static final String RUNS_BUCKET = "metriccare-runs";

    private static S3MockServer s3mock;
    private static S3Client s3;
    private static EmrServerlessStub emr;

    @DynamicPropertySource
    static void onAws(DynamicPropertyRegistry registry) throws IOException {
        Path root = Files.createTempDirectory("metriccare-emr-it-");
        s3mock = S3MockServer.start(root.resolve("s3mock"), List.of(LAKE_BUCKET, RUNS_BUCKET), List.of());
        s3 = s3mock.client();
        emr = EmrServerlessStub.start();
        registry.add("metriccare.lake.store", () -> "s3");
        registry.add("metriccare.lake.s3.bucket", () -> LAKE_BUCKET);
        registry.add("metriccare.lake.s3.prefix", () -> "prod");
        registry.add("metriccare.lake.s3.region", () -> "us-east-1");
        registry.add("metriccare.lake.s3.endpoint", () -> s3mock.endpoint().toString());
        registry.add("metriccare.lake.s3.path-style", () -> "true");
        registry.add("metriccare.etl.engine", () -> "emr-serverless");
        registry.add("metriccare.etl.emr-serverless.application-id", () -> "app-it");
        registry.add("metriccare.etl.emr-serverless.execution-role-arn", () -> "arn:aws:iam::123456789012:role/metriccare-etl");
        registry.add("metriccare.etl.emr-serverless.region", () -> "us-east-1");
        registry.add("metriccare.etl.emr-serverless.endpoint", () -> emr.endpoint().toString());
        registry.add("metriccare.etl.emr-serverless.job-jar", () -> "s3://metriccare-runs/jobs/etl-engine.jar");
        registry.add("metriccare.etl.emr-serverless.run-prefix", () -> "s3://metriccare-runs/runs");
        registry.add("metriccare.etl.emr-serverless.log-uri", () -> "s3://metriccare-runs/logs");
        registry.add("metriccare.etl.emr-serverless.poll-interval", () -> "50ms");
    }

    @AfterAll
    static void stopStandIns() {
        s3.close();
        s3mock.close();
        emr.close();
    }

    @Test
    void run_givesTheJobTheS3RawZone_andPublishesTheOutputItWrote() throws IOException {
        String ingestionId = tenantWithFixture("emr-north");
        AtomicReference<JsonNode> manifestSeen = new AtomicReference<>();
        emr.script(startJobRun -> {
            JsonNode manifest = JSON.readTree(s3Object(startJobRun.at("/jobDriver/sparkSubmit/entryPointArguments/1").asString()));
            manifestSeen.set(manifest);
            for (JsonNode input : manifest.get("inputs")) {
                // The job reads each input at lakeRoot/objectKey: it must be the object the raw zone wrote.
                assertThat(s3Object(manifest.get("lakeRoot").asString() + "/" + input.get("objectKey").asString()))
                        .contains("\"resourceType\"");
            }
            String output = manifest.get("outputLocation").asString();
            putS3Object(output + "/kpi/part-00000.json", """
                    {"tenant_id":"emr-north","hospital_id":"H1","period_grain":"month","period_start":"2024-03-01","measure":"mortality","numerator":3,"denominator":40,"pending":0}
                    """);
            putS3Object(output + "/hospitals/part-00000.json", """
                    {"tenant_id":"emr-north","hospital_id":"H1","name":"Harbor General Hospital","ccn":"220071","state":"MA"}
                    """);
            putS3Object(output + "/summary.json", "{\"runId\":\"" + manifest.get("runId").asString() + "\",\"inputs\":1,\"stages\":[],\"tables\":{}}");
        }, "", "SUBMITTED", "RUNNING", "SUCCESS");

        JsonNode run = api.runEtl("{\"tenantIds\": [\"emr-north\"]}");

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("succeeded");
        assertThat(run.get("engine").asString()).isEqualTo("emr-serverless");
        String runId = run.get("runId").asString();
        JsonNode manifest = manifestSeen.get();
        assertThat(manifest.get("profile").asString()).isEqualTo("aws");
        assertThat(manifest.has("sparkMaster")).isFalse();
        assertThat(manifest.get("lakeRoot").asString()).isEqualTo("s3://metriccare-lake/prod");
        assertThat(manifest.get("outputLocation").asString()).isEqualTo("s3://metriccare-runs/runs/" + runId + "/output");
        assertThat(manifest.get("glueDatabase").asString()).isEqualTo("metriccare");
        assertThat(manifest.get("inputs")).extracting(input -> input.get("ingestionId").asString()).containsExactly(ingestionId);
        JsonNode mortality = api.json(api.get("/api/v1/metrics/hospitals/H1?tenantId=emr-north&from=2024-03-01&to=2024-03-31&grain=month"))
                .get("total").get(0);
        assertThat(mortality.get("measure").asString()).isEqualTo("mortality");
        assertThat(mortality.get("numerator").asLong()).isEqualTo(3);
        assertThat(mortality.get("denominator").asLong()).isEqualTo(40);
        assertThat(ingestion(ingestionId, "emr-north").get("status").asString()).isEqualTo("processed");
        assertThat(api.get("/api/v1/etl/runs/" + runId + "/log").body())
                .contains(": SUBMITTED", ": RUNNING", ": SUCCESS", "Downloaded 3 output files from s3://metriccare-runs/runs/" + runId + "/output");
    }

    @Test
    void cancel_ofARunningRun_cancelsItsJobRun_andLeavesItsInputsUnprocessed() throws IOException {
        String ingestionId = tenantWithFixture("emr-south");
        emr.script(startJobRun -> {
        }, "", "SCHEDULED", "RUNNING");
        String runId = api.startEtl("{\"tenantIds\": [\"emr-south\"]}").get("runId").asString();
        await().atMost(Duration.ofMinutes(1)).until(() -> emr.jobRunIdOf(runId) != null);
        String jobRun = "/applications/app-it/jobruns/" + emr.jobRunIdOf(runId);
        await().atMost(Duration.ofMinutes(1)).until(() -> api.get("/api/v1/etl/runs/" + runId + "/log").body().contains(": RUNNING"));

        HttpResponse<String> cancelled = api.post("/api/v1/etl/runs/" + runId + "/cancel", "application/json", new byte[0]);

        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(api.json(cancelled).get("status").asString()).isEqualTo("cancelled");
        await().atMost(Duration.ofMinutes(1)).until(() -> api.get("/api/v1/etl/runs/" + runId + "/log").body().contains(": CANCELLED"));
        assertThat(emr.requests()).extracting(r -> r.method() + " " + r.path()).contains("DELETE " + jobRun);
        JsonNode run = api.json(api.get("/api/v1/etl/runs/" + runId));
        assertThat(run.get("status").asString()).isEqualTo("cancelled");
        assertThat(run.has("stage")).isFalse();
        assertThat(ingestion(ingestionId, "emr-south").get("status").asString()).isEqualTo("accepted");
        assertThat(api.get("/api/v1/metrics/hospitals/H1?tenantId=emr-south&from=2024-01-01&to=2024-06-30&grain=month").statusCode())
                .isEqualTo(404);
    }

    private String tenantWithFixture(String tenantId) throws IOException {
        assertThat(api.postJson("/api/v1/tenants", "{\"tenantId\":\"" + tenantId + "\",\"name\":\"" + tenantId + "\"}").statusCode())
                .isEqualTo(201);
        try (InputStream fixture = new ClassPathResource("demo/kpi-spec-section7-h1.json").getInputStream()) {
            HttpResponse<String> ingested = api.post("/fhir/" + tenantId, "application/fhir+json", fixture.readAllBytes());
            assertThat(ingested.statusCode()).as(ingested.body()).isEqualTo(202);
            return api.json(ingested).get("id").asString();
        }
    }

    private JsonNode ingestion(String ingestionId, String tenantId) {
        return api.json(api.get("/api/v1/ingestions/" + ingestionId + "?tenantId=" + tenantId));
    }

    private static String s3Object(String uri) {
        URI location = URI.create(uri);
        return s3.getObjectAsBytes(r -> r.bucket(location.getHost()).key(location.getPath().substring(1))).asUtf8String();
    }

    private static void putS3Object(String uri, String content) {
        URI location = URI.create(uri);
        s3.putObject(r -> r.bucket(location.getHost()).key(location.getPath().substring(1)),
                RequestBody.fromString(content, StandardCharsets.UTF_8));
    }
}
