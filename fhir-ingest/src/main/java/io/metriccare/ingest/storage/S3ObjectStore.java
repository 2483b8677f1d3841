package io.metriccare.ingest.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Stream;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The lake in one S3 bucket, or on an S3-compatible server: object {@code <key>} is stored as
 * {@code <prefix>/<key>}. S3 writes whole objects atomically. Closing the store closes its client.
 */
public class S3ObjectStore implements ObjectStore, AutoCloseable {

    /** The most keys one ListObjectsV2 page holds and one DeleteObjects request accepts. */
    static final int BATCH_SIZE = 1000;

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
    public List<String> list(String prefix) {
        String bucketPrefix = objectKey(ObjectKeys.requirePrefix(prefix));
        try (Stream<ListObjectsV2Response> pages = pages(bucketPrefix)) {
            return pages.flatMap(page -> page.contents().stream()).map(object -> storeKey(object.key())).toList();
        } catch (SdkException e) {
            throw failure("list", prefix, e);
        }
    }

    /** Lists a page of at most {@value #BATCH_SIZE} keys and deletes them in one DeleteObjects request, page by page. */
    @Override
    public long deleteAll(String prefix) {
        String bucketPrefix = objectKey(ObjectKeys.requirePrefix(prefix));
        try (Stream<ListObjectsV2Response> pages = pages(bucketPrefix)) {
            return pages.mapToLong(page -> deleteBatch(page.contents())).sum();
        } catch (SdkException e) {
            throw failure("delete", prefix, e);
        }
    }

    private Stream<ListObjectsV2Response> pages(String bucketPrefix) {
        return s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(bucketPrefix).maxKeys(BATCH_SIZE)).stream();
    }

    private long deleteBatch(List<S3Object> objects) {
        if (objects.isEmpty()) {
            return 0;
        }
        List<ObjectIdentifier> keys = objects.stream().map(object -> ObjectIdentifier.builder().key(object.key()).build()).toList();
        DeleteObjectsResponse response = s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(keys).quiet(true)));
        if (response.hasErrors() && !response.errors().isEmpty()) {
            S3Error first = response.errors().get(0);
            throw new UncheckedIOException("Cannot delete object: %s, and %d more failed (s3://%s/%s)"
                    .formatted(first.message(), response.errors().size() - 1, bucket, first.key()),
                    new IOException(first.code()));
        }
        return objects.size();
    }

    @Override
    public void close() {
        s3.close();
    }

    /** The key of {@code key} in the bucket: {@code <prefix>/<key>}, or {@code <key>} without a prefix. */
    private String objectKey(String key) {
        ObjectKeys.requireKey(key);
        return prefix.isEmpty() ? key : prefix + "/" + key;
    }

    /** The store key of a bucket key: without the store's prefix. */
    private String storeKey(String bucketKey) {
        return prefix.isEmpty() ? bucketKey : bucketKey.substring(prefix.length() + 1);
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
