package io.metriccare.ingest.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The lake in one S3 bucket, or on an S3-compatible server: object {@code <key>} is stored as
 * {@code <prefix>/<key>}. S3 writes whole objects atomically. Closing the store closes its client.
 */
public class S3ObjectStore implements ObjectStore, AutoCloseable {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final String kmsKeyId;

    public S3ObjectStore(S3Client s3, LakeProperties.S3 settings) {
        this.s3 = s3;
        this.bucket = settings.bucket();
        this.prefix = stripSlashes(settings.prefix());
        this.kmsKeyId = isBlank(settings.kmsKeyId()) ? null : settings.kmsKeyId();
    }

    /**
     * A client builder for the settings' region, endpoint and addressing style, on the Apache HTTP
     * client, with the SDK's default credentials provider chain.
     */
    public static S3ClientBuilder clientBuilder(LakeProperties.S3 settings) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .forcePathStyle(settings.pathStyle());
        if (!isBlank(settings.region())) {
            builder.region(Region.of(settings.region()));
        }
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder;
    }

    @Override
    public void put(String key, byte[] content) {
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(objectKey(key));
        if (kmsKeyId != null) {
            request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyId);
        }
        try {
            s3.putObject(request.build(), RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw failure("write", key, e);
        }
    }

    @Override
    public byte[] get(String key) {
        try {
            return s3.getObjectAsBytes(r -> r.bucket(bucket).key(objectKey(key))).asByteArrayUnsafe();
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public boolean exists(String key) {
        try {
            s3.headObject(r -> r.bucket(bucket).key(objectKey(key)));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw failure("check", key, e);
        } catch (SdkException e) {
            throw failure("check", key, e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            s3.deleteObject(r -> r.bucket(bucket).key(objectKey(key)));
        } catch (SdkException e) {
            throw failure("delete", key, e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    /** The key of {@code key} in the bucket: {@code <prefix>/<key>}, or {@code <key>} without a prefix. */
    private String objectKey(String key) {
        if (key.isEmpty() || key.startsWith("/") || Arrays.asList(key.split("/")).contains("..")) {
            throw new IllegalArgumentException("Cannot address object: key leaves the lake root (" + key + ")");
        }
        return prefix.isEmpty() ? key : prefix + "/" + key;
    }

    private UncheckedIOException failure(String action, String key, SdkException e) {
        String reason = e instanceof S3Exception s3e && s3e.awsErrorDetails() != null
                && s3e.awsErrorDetails().errorMessage() != null
                ? s3e.awsErrorDetails().errorMessage()
                : e.getMessage();
        return new UncheckedIOException("Cannot %s object: %s (s3://%s/%s)".formatted(action, reason, bucket, objectKey(key)),
                new IOException(e.getMessage(), e));
    }

    private static String stripSlashes(String prefix) {
        return prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
