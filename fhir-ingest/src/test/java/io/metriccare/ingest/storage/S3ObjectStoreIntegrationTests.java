package io.metriccare.ingest.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link S3ObjectStore} against S3Mock, a real S3-compatible server in a child JVM. S3Mock accepts
 * any credentials, so the tests give the client static ones instead of the default chain.
 */
class S3ObjectStoreIntegrationTests {

    private static final String BUCKET = "metriccare-lake";
    /** S3Mock registers KMS keys by ARN but accepts only the key id part in requests. */
    private static final String KMS_KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/raw-zone-test-key";
    private static final String KMS_KEY_ID = "raw-zone-test-key";
    private static final byte[] BUNDLE = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path workDir;

    private static S3MockServer server;

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final List<SdkHttpRequest> requests = new CopyOnWriteArrayList<>();
    private String prefix;
    private S3Client bucketClient;

    @BeforeAll
    static void startServer() throws IOException {
        server = S3MockServer.start(workDir.resolve("s3mock"), List.of(BUCKET), List.of(KMS_KEY_ARN));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void useFreshPrefix() {
        prefix = "lake-" + UUID.randomUUID();
        bucketClient = client(settings(prefix, null)).build();
        opened.add(bucketClient);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    @Test
    void put_thenGet_returnsTheSameBytes() {
        S3ObjectStore store = store(settings(prefix, null));
        byte[] everyByteValue = new byte[256];
        for (int i = 0; i < everyByteValue.length; i++) {
            everyByteValue[i] = (byte) i;
        }

        store.put("raw/tenant=t1/dt=2024-07-01/a.json", everyByteValue);

        assertThat(store.get("raw/tenant=t1/dt=2024-07-01/a.json")).isEqualTo(everyByteValue);
    }

    @Test
    void put_overAnExistingObject_replacesIt() {
        S3ObjectStore store = store(settings(prefix, null));
        store.put("raw/a.json", "first".getBytes(StandardCharsets.UTF_8));

        store.put("raw/a.json", BUNDLE);

        assertThat(store.get("raw/a.json")).isEqualTo(BUNDLE);
    }

    @Test
    void exists_isTrue_afterPut() {
        S3ObjectStore store = store(settings(prefix, null));

        store.put("raw/a.json", BUNDLE);

        assertThat(store.exists("raw/a.json")).isTrue();
    }

    @Test
    void exists_isFalse_forAKeyNeverWritten() {
        assertThat(store(settings(prefix, null)).exists("raw/never-written.json")).isFalse();
    }

    @Test
    void delete_removesTheObject() {
        S3ObjectStore store = store(settings(prefix, null));
        store.put("raw/a.json", BUNDLE);

        store.delete("raw/a.json");

        assertThat(store.exists("raw/a.json")).isFalse();
        assertThat(objectKeysInBucket()).isEmpty();
    }

    @Test
    void delete_ofAKeyNeverWritten_succeeds() {
        S3ObjectStore store = store(settings(prefix, null));

        store.delete("raw/never-written.json");

        assertThat(store.exists("raw/never-written.json")).isFalse();
    }

    @Test
    void put_storesTheObjectAsPrefixSlashKey() {
        store(settings(prefix, null)).put("raw/tenant=t1/a.json", BUNDLE);

        assertThat(objectKeysInBucket()).containsExactly(prefix + "/raw/tenant=t1/a.json");
        assertThat(bucketClient.getObjectAsBytes(r -> r.bucket(BUCKET).key(prefix + "/raw/tenant=t1/a.json")).asByteArray())
                .isEqualTo(BUNDLE);
    }

    @Test
    void prefix_withLeadingAndTrailingSlashes_addsNoEmptySegments() {
        store(settings("/" + prefix + "/", null)).put("raw/a.json", BUNDLE);

        assertThat(objectKeysInBucket()).containsExactly(prefix + "/raw/a.json");
    }

    @Test
    void put_withPathStyle_addressesTheBucketInThePath() {
        S3ObjectStore store = store(settings(prefix, null));

        store.put("raw/a.json", BUNDLE);

        assertThat(requests).singleElement().satisfies(request -> {
            assertThat(request.host()).isEqualTo("127.0.0.1");
            assertThat(request.encodedPath()).isEqualTo("/" + BUCKET + "/" + prefix + "/raw/a.json");
        });
    }

    @Test
    void put_withoutPathStyle_addressesTheBucketInTheHostName() {
        URI localhost = URI.create("http://localhost:" + server.endpoint().getPort());
        S3ObjectStore store = store(new LakeProperties.S3(BUCKET, prefix, "us-east-1", localhost, false, null),
                new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        throw new IllegalStateException("S3Mock answers path-style requests only");
                    }
                });

        assertThatThrownBy(() -> store.put("raw/a.json", BUNDLE)).hasMessage("S3Mock answers path-style requests only");
        assertThat(requests).singleElement().satisfies(request -> {
            assertThat(request.host()).isEqualTo(BUCKET + ".localhost");
            assertThat(request.encodedPath()).isEqualTo("/" + prefix + "/raw/a.json");
        });
    }

    @Test
    void put_withKmsKey_encryptsTheObjectUnderThatKey() {
        store(settings(prefix, KMS_KEY_ID)).put("raw/a.json", BUNDLE);

        HeadObjectResponse head = bucketClient.headObject(r -> r.bucket(BUCKET).key(prefix + "/raw/a.json"));
        assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(head.ssekmsKeyId()).isEqualTo(KMS_KEY_ID);
        assertThat(requests).singleElement().satisfies(request -> {
            assertThat(request.firstMatchingHeader("x-amz-server-side-encryption")).hasValue("aws:kms");
            assertThat(request.firstMatchingHeader("x-amz-server-side-encryption-aws-kms-key-id")).hasValue(KMS_KEY_ID);
        });
    }

    @Test
    void put_withoutKmsKey_requestsNoServerSideEncryption() {
        store(settings(prefix, null)).put("raw/a.json", BUNDLE);

        assertThat(requests).singleElement().satisfies(request -> {
            assertThat(request.firstMatchingHeader("x-amz-server-side-encryption")).isEmpty();
            assertThat(request.firstMatchingHeader("x-amz-server-side-encryption-aws-kms-key-id")).isEmpty();
        });
    }

    @Test
    void get_ofAKeyNeverWritten_failsWithTheObjectsLocation() {
        S3ObjectStore store = store(settings(prefix, null));

        assertThatThrownBy(() -> store.get("raw/never-written.json"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("Cannot read object: The specified key does not exist. (s3://%s/%s/raw/never-written.json)",
                        BUCKET, prefix);
    }

    @Test
    void put_toAMissingBucket_failsWithTheObjectsLocation() {
        S3ObjectStore store = store(new LakeProperties.S3("no-such-bucket", prefix, "us-east-1", server.endpoint(), true, null));

        assertThatThrownBy(() -> store.put("raw/a.json", BUNDLE))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("Cannot write object: The specified bucket does not exist. (s3://no-such-bucket/%s/raw/a.json)",
                        prefix);
    }

    @Test
    void put_withAKeyLeavingTheLakeRoot_isRejectedWithoutARequest() {
        S3ObjectStore store = store(settings(prefix, null));

        assertThatThrownBy(() -> store.put("raw/../../other-lake/a.json", BUNDLE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot address object: key leaves the lake root (raw/../../other-lake/a.json)");
        assertThat(requests).isEmpty();
    }

    @Test
    void list_returnsTheKeysUnderThePrefix_andNoSiblingWithTheSameStart() {
        S3ObjectStore store = store(settings(prefix, null));
        List.of("raw/tenant=a/dt=2024-07-01/1.json", "raw/tenant=a/dt=2024-07-02/2.json.gz", "raw/tenant=ab/dt=2024-07-01/3.json",
                "raw/a.json").forEach(key -> store.put(key, BUNDLE));

        assertThat(store.list("raw/tenant=a/"))
                .containsExactlyInAnyOrder("raw/tenant=a/dt=2024-07-01/1.json", "raw/tenant=a/dt=2024-07-02/2.json.gz");
    }

    @Test
    void deleteAll_deletesEveryObjectUnderThePrefix_inDeleteObjectsBatchesOf1000() {
        S3ObjectStore store = store(settings(prefix, null));
        IntStream.range(0, 1001).parallel().forEach(i -> bucketClient.putObject(
                r -> r.bucket(BUCKET).key(prefix + "/raw/tenant=a/dt=2024-07-01/" + i + ".json"), RequestBody.fromBytes(BUNDLE)));
        bucketClient.putObject(r -> r.bucket(BUCKET).key(prefix + "/raw/tenant=ab/dt=2024-07-01/kept.json"), RequestBody.fromBytes(BUNDLE));

        long deleted = store.deleteAll("raw/tenant=a/");

        assertThat(deleted).isEqualTo(1001);
        assertThat(store.list("raw/tenant=a/")).isEmpty();
        assertThat(objectKeysInBucket()).containsExactly(prefix + "/raw/tenant=ab/dt=2024-07-01/kept.json");
        assertThat(requests.stream().filter(request -> request.rawQueryParameters().containsKey("delete")))
                .as("DeleteObjects requests").hasSize(2);
    }

    @Test
    void deleteAll_underAnEmptyPrefix_deletesNothing_andSendsNoDeleteRequest() {
        S3ObjectStore store = store(settings(prefix, null));
        store.put("raw/tenant=b/a.json", BUNDLE);

        assertThat(store.deleteAll("raw/tenant=a/")).isZero();
        assertThat(objectKeysInBucket()).containsExactly(prefix + "/raw/tenant=b/a.json");
        assertThat(requests.stream().filter(request -> request.rawQueryParameters().containsKey("delete"))).isEmpty();
    }

    @Test
    void deleteAll_withAPrefixThatIsNoDirectory_isRejectedWithoutARequest() {
        S3ObjectStore store = store(settings(prefix, null));

        for (String prefix : List.of("raw/tenant=a", "raw/../", "raw//", "/raw/", "")) {
            assertThatThrownBy(() -> store.deleteAll(prefix))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Cannot address objects: a prefix is one or more path segments ending with '/' (%s)", prefix);
        }
        assertThat(requests).isEmpty();
    }

    private LakeProperties.S3 settings(String prefix, String kmsKeyId) {
        return new LakeProperties.S3(BUCKET, prefix, "us-east-1", server.endpoint(), true, kmsKeyId);
    }

    /** A store on the production client for these settings, with static credentials; records what it sends. */
    private S3ObjectStore store(LakeProperties.S3 settings, ExecutionInterceptor... interceptors) {
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                requests.add(context.httpRequest());
            }
        };
        S3Client client = client(settings)
                .overrideConfiguration(o -> {
                    o.addExecutionInterceptor(recorder);
                    List.of(interceptors).forEach(o::addExecutionInterceptor);
                })
                .build();
        S3ObjectStore store = new S3ObjectStore(client, settings);
        opened.add(store);
        return store;
    }

    private static S3ClientBuilder client(LakeProperties.S3 settings) {
        return S3ObjectStore.clientBuilder(settings)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
    }

    private List<String> objectKeysInBucket() {
        return bucketClient.listObjectsV2(r -> r.bucket(BUCKET).prefix(prefix)).contents().stream().map(S3Object::key).toList();
    }
}
