package io.metriccare.ingest.storage;

import java.net.URI;
import java.nio.file.Path;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the lake lives: raw objects and, for the local engine, the Hudi tables.
 *
 * <p>{@code metriccare.lake.store} chooses the raw zone's object store: {@code local} (the default)
 * writes under {@code root}; {@code s3} writes to {@code metriccare.lake.s3.bucket}. {@code root}
 * is required either way, because the local engine keeps its tables there.
 *
 * <p>With {@code s3}, credentials come from the AWS SDK's default provider chain, in its order: the
 * {@code aws.accessKeyId}/{@code aws.secretAccessKey} system properties, the
 * {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} environment variables, web identity, the
 * {@code ~/.aws} profile, then the container or instance role. They are resolved on the first
 * request, not at startup.
 *
 * @param root  the local lake directory
 * @param store which object store holds the raw zone
 * @param s3    the bucket settings, used when {@code store} is {@code s3}
 */
@ConfigurationProperties("metriccare.lake")
@Validated
public record LakeProperties(@NotNull Path root, @DefaultValue("local") Store store, @DefaultValue S3 s3) {

    public LakeProperties {
        if (store == Store.S3 && (s3 == null || s3.bucket() == null || s3.bucket().isBlank())) {
            throw new IllegalArgumentException(
                    "Cannot configure the lake: metriccare.lake.s3.bucket is required when metriccare.lake.store is s3");
        }
    }

    public enum Store {
        LOCAL, S3
    }

    /**
     * One S3 bucket: object {@code <key>} is stored as {@code <prefix>/<key>}.
     *
     * @param bucket    the bucket name; required when the store is {@code s3}
     * @param prefix    key prefix inside the bucket, without leading or trailing '/'; empty for none
     * @param region    the bucket's region, e.g. {@code eu-west-1}; when absent the SDK's default region
     *                  chain applies ({@code aws.region}, {@code AWS_REGION}, profile, instance metadata)
     * @param endpoint  optional endpoint override for an S3-compatible server, e.g. {@code http://localhost:9090}
     * @param pathStyle address the bucket in the path ({@code host/bucket/key}) instead of the host name;
     *                  most S3-compatible servers need it
     * @param kmsKeyId  optional SSE-KMS key id or ARN; when present every object is written with
     *                  {@code aws:kms} server-side encryption under this key, otherwise the bucket's
     *                  default encryption applies
     */
    public record S3(String bucket, @DefaultValue("") String prefix, String region, URI endpoint, boolean pathStyle,
                     String kmsKeyId) {

        /** Where object {@code <key>} lives is {@code <location>/<key>}: {@code s3://<bucket>[/<prefix>]}. */
        public String location() {
            String trimmed = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
            return "s3://" + bucket + (trimmed.isEmpty() ? "" : "/" + trimmed);
        }
    }
}
