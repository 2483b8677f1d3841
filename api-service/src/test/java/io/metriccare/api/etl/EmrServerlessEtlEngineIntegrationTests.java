package io.metriccare.api.etl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import io.metriccare.ingest.storage.LakeProperties;
import io.metriccare.ingest.storage.S3MockServer;
import io.metriccare.ingest.storage.S3ObjectStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link EmrServerlessEtlEngine} over HTTP against a stand-in for the EMR Serverless API (the SDK's
 * endpoint override), with its run files on S3Mock, a real S3-compatible server.
 */
class EmrServerlessEtlEngineIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String LAKE_BUCKET = "metriccare-lake";
    private static final String RUNS_BUCKET = "metriccare-runs";
    private static final String APPLICATION = "00fkq3ab2sv1p30l";
    private static final String JOB_RUNS = "/applications/" + APPLICATION + "/jobruns";

    @TempDir
    static Path serverDir;
    @TempDir
    Path workDir;

    private static S3MockServer s3mock;
    private static S3Client s3;
    private EmrServerlessStub emr;
    private EmrServerlessClient emrClient;
    private S3Client engineS3;
    private EngineJob job;

    @BeforeAll
    static void startS3() throws IOException {
        s3mock = S3MockServer.start(serverDir.resolve("s3mock"), List.of(LAKE_BUCKET, RUNS_BUCKET), List.of());
        s3 = s3mock.client();
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
        if (s3mock != null) {
            s3mock.close();
        }
    }

    @BeforeEach
    void startEmrServerless() throws IOException {
        emr = EmrServerlessStub.start();
        UUID runId = UUID.randomUUID();
        Path runDir = Files.createDirectories(workDir.resolve(runId.toString()));
        job = new EngineJob(runId, runDir.resolve("manifest.json"), runDir);
    }

    @AfterEach
    void stopEmrServerless() {
        if (emrClient != null) {
            emrClient.close();
        }
        if (engineS3 != null) {
            engineS3.close();
        }
        emr.close();
    }

    @Test
    void target_isTheAwsProfile_onTheS3Lake_withTheOutputUnderTheRunPrefix() {
        EngineTarget target = engine(Duration.ofMinutes(5)).target(job);

        assertThat(target).isEqualTo(new EngineTarget("aws", null, "s3://metriccare-lake/prod",
                "s3://metriccare-runs/runs/" + job.runId() + "/output", "quality_lake"));
    }

    @Test
    void execute_uploadsTheManifest_startsTheJobRun_pollsItToSuccess_andDownloadsTheOutput() throws Exception {
        EmrServerlessEtlEngine engine = engine(Duration.ofMinutes(5));
        writeManifest(engine);
        emr.script(this::writeOutputAsTheJobWould, "", "SUBMITTED", "SCHEDULED", "RUNNING", "SUCCESS");

        engine.execute(job);

        assertThat(emr.requests()).extracting(r -> r.method() + " " + r.path()).containsExactly(
                "POST " + JOB_RUNS,
                "GET " + JOB_RUNS + "/jr-1", "GET " + JOB_RUNS + "/jr-1", "GET " + JOB_RUNS + "/jr-1", "GET " + JOB_RUNS + "/jr-1");
        assertThat(emr.requests().get(0).body()).isEqualTo(JSON.readTree("""
                {
                  "clientToken": "%1$s",
                  "executionRoleArn": "arn:aws:iam::123456789012:role/metriccare-etl",
                  "name": "metriccare-etl-%1$s",
                  "executionTimeoutMinutes": 5,
                  "jobDriver": {"sparkSubmit": {
                    "entryPoint": "s3://metriccare-runs/jobs/etl-engine-0.1.0-SNAPSHOT.jar",
                    "entryPointArguments": ["--manifest", "s3://metriccare-runs/runs/%1$s/manifest.json"],
                    "sparkSubmitParameters": "--class io.metriccare.etl.EtlMain --conf spark.jars=/usr/lib/hudi/hudi-spark-bundle.jar,/usr/lib/hudi/hudi-aws-bundle.jar --conf spark.serializer=org.apache.spark.serializer.KryoSerializer --conf spark.kryo.registrator=org.apache.spark.HoodieSparkKryoRegistrar --conf spark.sql.extensions=org.apache.spark.sql.hudi.HoodieSparkSessionExtension --conf spark.hadoop.hive.metastore.client.factory.class=com.amazonaws.glue.catalog.metastore.AWSGlueDataCatalogHiveClientFactory --conf spark.executor.memory=8g"
                  }},
                  "configurationOverrides": {"monitoringConfiguration": {
                    "s3MonitoringConfiguration": {"logUri": "s3://metriccare-runs/logs/"}
                  }}
                }""".formatted(job.runId())));
        assertThat(s3Object("s3://metriccare-runs/runs/" + job.runId() + "/manifest.json")).isEqualTo(Files.readString(job.manifest()));
        assertThat(Files.readString(job.output().resolve("summary.json"))).isEqualTo("{\"runId\":\"" + job.runId() + "\"}");
        assertThat(Files.readString(job.output().resolve("kpi/part-00000-emr.json"))).isEqualTo(KPI_LINE);
        assertThat(logLines()).containsExactly(
                "EMR Serverless job run jr-1 started on application %s; Spark logs under s3://metriccare-runs/logs/applications/%s/jobs/jr-1/"
                        .formatted(APPLICATION, APPLICATION),
                "EMR Serverless job run jr-1: SUBMITTED",
                "EMR Serverless job run jr-1: SCHEDULED",
                "EMR Serverless job run jr-1: RUNNING",
                "EMR Serverless job run jr-1: SUCCESS",
                "Downloaded 2 output files from s3://metriccare-runs/runs/%s/output".formatted(job.runId()));
    }

    @Test
    void execute_whenTheJobRunFails_failsWithItsStateDetails_andDownloadsNothing() throws IOException {
        EmrServerlessEtlEngine engine = engine(Duration.ofMinutes(5));
        writeManifest(engine);
        emr.script(this::writeOutputAsTheJobWould, "Job failed, please check complete logs in configured logging destination. ExitCode: 1.",
                "RUNNING", "FAILED");

        assertThatThrownBy(() -> engine.execute(job))
                .isInstanceOf(EngineFailedException.class)
                .hasMessage("EMR Serverless job run jr-1 ended FAILED: "
                        + "Job failed, please check complete logs in configured logging destination. ExitCode: 1.");
        assertThat(job.output()).doesNotExist();
        assertThat(emr.requests()).extracting(EmrServerlessStub.Request::method).doesNotContain("DELETE");
        assertThat(logLines()).contains("EMR Serverless job run jr-1: FAILED (Job failed, please check complete logs in "
                + "configured logging destination. ExitCode: 1.)");
    }

    @Test
    void execute_whenTheJobRunIsCancelledElsewhere_fails() throws IOException {
        EmrServerlessEtlEngine engine = engine(Duration.ofMinutes(5));
        writeManifest(engine);
        emr.script(body -> {
        }, "Job run cancelled by user", "RUNNING", "CANCELLED");

        assertThatThrownBy(() -> engine.execute(job))
                .isInstanceOf(EngineFailedException.class)
                .hasMessage("EMR Serverless job run jr-1 ended CANCELLED: Job run cancelled by user");
        assertThat(job.output()).doesNotExist();
    }

    @Test
    void execute_whenInterrupted_cancelsTheJobRun_andWaitsUntilItHasEnded() throws Exception {
        EmrServerlessEtlEngine engine = engine(Duration.ofMinutes(5));
        writeManifest(engine);
        emr.script(body -> {
        }, "", "RUNNING");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread runThread = new Thread(() -> {
            try {
                engine.execute(job);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });

        runThread.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> emr.requests().stream().anyMatch(r -> r.method().equals("GET")));
        runThread.interrupt();
        runThread.join(Duration.ofSeconds(30).toMillis());

        assertThat(runThread.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class)
                .hasMessage("Run interrupted while its EMR Serverless job run was under way");
        List<String> calls = emr.requests().stream().map(r -> r.method() + " " + r.path()).toList();
        assertThat(calls).contains("DELETE " + JOB_RUNS + "/jr-1");
        assertThat(calls.subList(calls.indexOf("DELETE " + JOB_RUNS + "/jr-1") + 1, calls.size()))
                .containsExactly("GET " + JOB_RUNS + "/jr-1", "GET " + JOB_RUNS + "/jr-1");
        assertThat(logLines()).endsWith(
                "Cancelling EMR Serverless job run jr-1",
                "EMR Serverless job run jr-1: CANCELLING (Job run cancelled by request)",
                "EMR Serverless job run jr-1: CANCELLED (Job run cancelled by request)");
        assertThat(job.output()).doesNotExist();
    }

    @Test
    void execute_pastTheTimeout_cancelsTheJobRun_andFails() throws IOException {
        EmrServerlessEtlEngine engine = engine(Duration.ofMillis(300));
        writeManifest(engine);
        emr.script(body -> {
        }, "", "RUNNING");

        assertThatThrownBy(() -> engine.execute(job))
                .isInstanceOf(EngineFailedException.class)
                .hasMessage("EMR Serverless job run jr-1 did not end within PT0.3S");
        assertThat(emr.requests()).extracting(r -> r.method() + " " + r.path()).contains("DELETE " + JOB_RUNS + "/jr-1");
        assertThat(emr.requests().get(0).body().get("executionTimeoutMinutes").asInt()).isEqualTo(1);
    }

    @Test
    void execute_whenTheManifestCannotBeUploaded_startsNoJobRun() throws IOException {
        EmrServerlessEtlEngine engine = engine(Duration.ofMinutes(5), "s3://no-such-bucket/runs");
        writeManifest(engine);

        assertThatThrownBy(() -> engine.execute(job))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("Cannot upload manifest.json: The specified bucket does not exist.");
        assertThat(emr.requests()).isEmpty();
    }

    private static final String KPI_LINE = "{\"tenant_id\":\"t1\",\"hospital_id\":\"H1\",\"measure\":\"mortality\"}\n";

    /** What the Spark job does on EMR, as far as the engine can tell: reads its manifest and writes the output it names. */
    private void writeOutputAsTheJobWould(JsonNode startJobRun) {
        String manifestUri = startJobRun.at("/jobDriver/sparkSubmit/entryPointArguments/1").asString();
        JsonNode manifest = JSON.readTree(s3Object(manifestUri));
        String output = manifest.get("outputLocation").asString();
        putS3Object(output + "/kpi/part-00000-emr.json", KPI_LINE);
        putS3Object(output + "/summary.json", "{\"runId\":\"" + manifest.get("runId").asString() + "\"}");
    }

    private void writeManifest(EmrServerlessEtlEngine engine) throws IOException {
        EngineTarget target = engine.target(job);
        Files.writeString(job.manifest(), JSON.writeValueAsString(JSON.createObjectNode()
                .put("runId", job.runId().toString())
                .put("profile", target.profile())
                .put("lakeRoot", target.lakeRoot())
                .put("outputLocation", target.outputLocation())));
    }

    private EmrServerlessEtlEngine engine(Duration timeout) {
        return engine(timeout, "s3://metriccare-runs/runs/");
    }

    /** The engine on the production client builders, with static credentials. */
    private EmrServerlessEtlEngine engine(Duration timeout, String runPrefix) {
        EmrServerlessProperties settings = new EmrServerlessProperties(APPLICATION, "arn:aws:iam::123456789012:role/metriccare-etl",
                "us-east-1", emr.endpoint(), "s3://metriccare-runs/jobs/etl-engine-0.1.0-SNAPSHOT.jar",
                List.of("/usr/lib/hudi/hudi-spark-bundle.jar", "/usr/lib/hudi/hudi-aws-bundle.jar"), "s3://metriccare-lake/prod",
                runPrefix, "s3://metriccare-runs/logs/", " --conf spark.executor.memory=8g ", "quality_lake",
                Duration.ofMillis(20), timeout);
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        emrClient = EmrServerlessConfiguration.clientBuilder(settings).credentialsProvider(credentials).build();
        engineS3 = S3ObjectStore.clientBuilder(new LakeProperties.S3(LAKE_BUCKET, "prod", "us-east-1", s3mock.endpoint(), true, null))
                .credentialsProvider(credentials).build();
        return new EmrServerlessEtlEngine(emrClient, new S3RunFiles(engineS3, null), settings, settings.lakeRoot(), Clock.systemUTC());
    }

    private List<String> logLines() throws IOException {
        // Each line is "<instant> <message>".
        return Files.readAllLines(job.log()).stream().map(line -> line.substring(line.indexOf(' ') + 1)).toList();
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
