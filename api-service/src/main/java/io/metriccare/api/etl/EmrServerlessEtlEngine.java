package io.metriccare.api.etl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;
import software.amazon.awssdk.services.emrserverless.model.ConfigurationOverrides;
import software.amazon.awssdk.services.emrserverless.model.JobDriver;
import software.amazon.awssdk.services.emrserverless.model.JobRun;
import software.amazon.awssdk.services.emrserverless.model.JobRunState;
import software.amazon.awssdk.services.emrserverless.model.MonitoringConfiguration;
import software.amazon.awssdk.services.emrserverless.model.S3MonitoringConfiguration;
import software.amazon.awssdk.services.emrserverless.model.SparkSubmit;
import software.amazon.awssdk.services.emrserverless.model.StartJobRunRequest;

/**
 * The engine on AWS: the etl-engine jar as an EMR Serverless Spark job run over the S3 lake (manifest
 * profile {@code aws}: Hudi's defaults and Glue Data Catalog sync). The manifest is uploaded under the
 * run prefix, the job run is polled until it ends, and its output is downloaded into the run directory.
 * The job run's states go to the run's engine log; Spark's own logs stay under the log URI.
 */
class EmrServerlessEtlEngine implements EtlEngine {

    static final String NAME = "emr-serverless";
    private static final Logger log = LoggerFactory.getLogger(EmrServerlessEtlEngine.class);
    private static final Set<JobRunState> ENDED = EnumSet.of(JobRunState.SUCCESS, JobRunState.FAILED, JobRunState.CANCELLED);
    /** How long a cancelled job run may take to stop before the next run is let in anyway. */
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(10);

    private final EmrServerlessClient emr;
    private final S3RunFiles files;
    private final EmrServerlessProperties settings;
    private final String lakeRoot;
    private final Clock clock;

    /**
     * @param lakeRoot the S3 lake the raw zone writes to, as the job addresses it
     */
    EmrServerlessEtlEngine(EmrServerlessClient emr, S3RunFiles files, EmrServerlessProperties settings, String lakeRoot,
                           Clock clock) {
        this.emr = emr;
        this.files = files;
        this.settings = settings;
        this.lakeRoot = lakeRoot;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public EngineTarget target(EngineJob job) {
        return new EngineTarget("aws", null, lakeRoot, runLocation(job, "output"), settings.glueDatabase());
    }

    @Override
    public void execute(EngineJob job) throws InterruptedException {
        String manifest = runLocation(job, "manifest.json");
        files.upload(job.manifest(), manifest);
        String jobRunId;
        try {
            jobRunId = start(job, manifest);
        } catch (AbortedException e) {
            Thread.interrupted();
            // The request may have reached EMR: the same client token returns that job run (or starts one) to stop.
            stop(job, start(job, manifest));
            throw new InterruptedException("Run interrupted while its EMR Serverless job run was starting");
        }
        note(job, "EMR Serverless job run %s started on application %s; Spark logs under %s/applications/%s/jobs/%s/"
                .formatted(jobRunId, settings.applicationId(), stripSlash(settings.logUri()), settings.applicationId(), jobRunId));
        JobRun ended;
        try {
            ended = awaitEnd(job, jobRunId, settings.timeout());
        } catch (InterruptedException | RuntimeException e) {
            // The SDK answers an interrupt with AbortedException and may leave the flag set; clear it to cancel.
            boolean interrupted = Thread.interrupted() || e instanceof InterruptedException || e instanceof AbortedException;
            stop(job, jobRunId);
            if (interrupted) {
                // The same answer whether the interrupt met a poll's request or the sleep between polls.
                throw new InterruptedException("Run interrupted while its EMR Serverless job run was under way");
            }
            throw e;
        }
        if (ended.state() != JobRunState.SUCCESS) {
            throw new EngineFailedException("EMR Serverless job run %s ended %s: %s".formatted(jobRunId, ended.stateAsString(),
                    ended.stateDetails()));
        }
        String output = runLocation(job, "output");
        int downloaded = files.download(output, job.output());
        note(job, "Downloaded %d output files from %s".formatted(downloaded, output));
    }

    private String start(EngineJob job, String manifest) {
        return emr.startJobRun(StartJobRunRequest.builder()
                        .applicationId(settings.applicationId())
                        .executionRoleArn(settings.executionRoleArn())
                        // A retried start of the same run returns its job run instead of starting a second one.
                        .clientToken(job.runId().toString())
                        .name("metriccare-etl-" + job.runId())
                        .executionTimeoutMinutes(Math.max(1, (settings.timeout().toSeconds() + 59) / 60))
                        .jobDriver(JobDriver.builder().sparkSubmit(SparkSubmit.builder()
                                .entryPoint(settings.jobJar())
                                .entryPointArguments("--manifest", manifest)
                                .sparkSubmitParameters(sparkSubmitParameters())
                                .build()).build())
                        .configurationOverrides(ConfigurationOverrides.builder()
                                .monitoringConfiguration(MonitoringConfiguration.builder()
                                        .s3MonitoringConfiguration(S3MonitoringConfiguration.builder().logUri(settings.logUri()).build())
                                        .build())
                                .build())
                        .build())
                .jobRunId();
    }

    /**
     * The main class, then the Spark settings Hudi needs (the Kryo serializer with Hudi's registrator, its SQL
     * extension) and the Hudi bundles, as the EMR Serverless guide for Hudi gives them; then the operator's own.
     */
    private String sparkSubmitParameters() {
        List<String> parameters = new ArrayList<>(List.of(
                "--class", MAIN_CLASS,
                "--conf", "spark.jars=" + String.join(",", settings.jars()),
                "--conf", "spark.serializer=org.apache.spark.serializer.KryoSerializer",
                "--conf", "spark.kryo.registrator=org.apache.spark.HoodieSparkKryoRegistrar",
                "--conf", "spark.sql.extensions=org.apache.spark.sql.hudi.HoodieSparkSessionExtension",
                "--conf", "spark.hadoop.hive.metastore.client.factory.class="
                        + "com.amazonaws.glue.catalog.metastore.AWSGlueDataCatalogHiveClientFactory"));
        if (!settings.sparkSubmitParameters().isBlank()) {
            parameters.add(settings.sparkSubmitParameters().strip());
        }
        return String.join(" ", parameters);
    }

    private JobRun awaitEnd(EngineJob job, String jobRunId, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        JobRunState reported = null;
        while (true) {
            JobRun run = emr.getJobRun(r -> r.applicationId(settings.applicationId()).jobRunId(jobRunId)).jobRun();
            if (run.state() != reported) {
                reported = run.state();
                String details = run.stateDetails() == null || run.stateDetails().isBlank() ? "" : " (" + run.stateDetails() + ")";
                note(job, "EMR Serverless job run %s: %s%s".formatted(jobRunId, run.stateAsString(), details));
            }
            if (ENDED.contains(run.state())) {
                return run;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new EngineFailedException("EMR Serverless job run %s did not end within %s".formatted(jobRunId, limit));
            }
            TimeUnit.NANOSECONDS.sleep(settings.pollInterval().toNanos());
        }
    }

    /** Cancels the job run and waits until it has ended, so that the next run never writes the lake beside it. */
    private void stop(EngineJob job, String jobRunId) throws InterruptedException {
        note(job, "Cancelling EMR Serverless job run " + jobRunId);
        try {
            emr.cancelJobRun(r -> r.applicationId(settings.applicationId()).jobRunId(jobRunId));
            awaitEnd(job, jobRunId, STOP_TIMEOUT);
        } catch (RuntimeException e) {
            log.warn("Run {}: cannot stop EMR Serverless job run {}: {}", job.runId(), jobRunId, e.getMessage());
            note(job, "Cannot stop EMR Serverless job run %s: %s".formatted(jobRunId, e.getMessage()));
        }
    }

    /** One line in the run's engine log, which the API serves. */
    private void note(EngineJob job, String message) {
        log.info("Run {}: {}", job.runId(), message);
        try {
            Files.writeString(job.log(), clock.instant() + " " + message + System.lineSeparator(),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.warn("Run {}: cannot write engine log {}: {}", job.runId(), job.log(), e.getMessage());
        }
    }

    private String runLocation(EngineJob job, String name) {
        return stripSlash(settings.runPrefix()) + "/" + job.runId() + "/" + name;
    }

    private static String stripSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
}
