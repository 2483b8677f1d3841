package io.metriccare.api.etl;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The EMR Serverless engine, bound only when {@code metriccare.etl.engine} is {@code emr-serverless}.
 * Credentials come from the AWS SDK's default provider chain, as for the S3 raw zone.
 *
 * @param applicationId         the EMR Serverless application (Spark, an EMR 7.x release: Spark 3.5) the jobs run on
 * @param executionRoleArn      the role the job runs as: S3 read/write on the lake and the run prefix, Glue catalog
 * @param region                the application's region; when absent the SDK's default region chain applies
 * @param endpoint              optional endpoint override of the EMR Serverless API
 * @param jobJar                S3 URI of the etl-engine jar ({@code etl-engine-<version>.jar} of the engine runtime)
 * @param jars                  further jars on the job's classpath ({@code spark.jars}); by default the Hudi Spark and
 *                              AWS bundles the EMR release ships
 * @param lakeRoot              the lake as the job addresses it; by default {@code s3://<bucket>/<prefix>} of the S3
 *                              raw zone, whose object keys the manifest's inputs are relative to
 * @param runPrefix             S3 URI under which each run gets {@code <runId>/manifest.json} and {@code <runId>/output/}
 * @param logUri                S3 URI EMR Serverless writes the driver and executor logs under
 * @param sparkSubmitParameters appended to the engine's own spark-submit parameters, e.g. executor sizes
 * @param glueDatabase          the Glue Data Catalog database the lake tables are synced to
 * @param pollInterval          how often the job run's state is read
 * @param timeout               how long a job may run before it is cancelled (also EMR's own execution timeout)
 */
@ConfigurationProperties("metriccare.etl.emr-serverless")
@ConditionalOnProperty(name = "metriccare.etl.engine", havingValue = "emr-serverless")
@Validated
public record EmrServerlessProperties(
        @NotBlank String applicationId,
        @NotBlank String executionRoleArn,
        String region,
        URI endpoint,
        @NotNull @Pattern(regexp = EmrServerlessProperties.S3_URI) String jobJar,
        @DefaultValue({"/usr/lib/hudi/hudi-spark-bundle.jar", "/usr/lib/hudi/hudi-aws-bundle.jar"}) @NotEmpty List<String> jars,
        @Pattern(regexp = EmrServerlessProperties.S3_URI) String lakeRoot,
        @NotNull @Pattern(regexp = EmrServerlessProperties.S3_URI) String runPrefix,
        @NotNull @Pattern(regexp = EmrServerlessProperties.S3_URI) String logUri,
        @DefaultValue("") String sparkSubmitParameters,
        @DefaultValue("metriccare") @Pattern(regexp = "[a-z0-9_]{1,255}") String glueDatabase,
        @DefaultValue("30s") @NotNull Duration pollInterval,
        @DefaultValue("4h") @NotNull Duration timeout) {

    static final String S3_URI = "s3://[^/\\s]+(/\\S*)?";
}
