package io.metriccare.api.etl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import io.metriccare.ingest.storage.S3MockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link S3RunFiles} against S3Mock, a real S3-compatible server in a child JVM. */
class S3RunFilesIntegrationTests {

    private static final String BUCKET = "metriccare-runs";
    private static final String KMS_KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/run-files-key";
    private static final String KMS_KEY_ID = "run-files-key";

    @TempDir
    static Path serverDir;
    @TempDir
    Path workDir;

    private static S3MockServer server;
    private static S3Client s3;
    private String prefix;

    @BeforeAll
    static void startServer() throws IOException {
        server = S3MockServer.start(serverDir.resolve("s3mock"), List.of(BUCKET), List.of(KMS_KEY_ARN));
        s3 = server.client();
    }

    @AfterAll
    static void stopServer() {
        if (s3 != null) {
            s3.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void useFreshPrefix() {
        prefix = "runs-" + UUID.randomUUID();
    }

    @Test
    void upload_storesTheFileAtTheUri() throws IOException {
        Path manifest = Files.writeString(workDir.resolve("manifest.json"), "{\"runId\":\"r-1\"}");

        new S3RunFiles(s3, null).upload(manifest, "s3://%s/%s/r-1/manifest.json".formatted(BUCKET, prefix));

        assertThat(object(prefix + "/r-1/manifest.json")).isEqualTo("{\"runId\":\"r-1\"}");
        assertThat(s3.headObject(r -> r.bucket(BUCKET).key(prefix + "/r-1/manifest.json")).serverSideEncryption()).isNull();
    }

    @Test
    void upload_withAKmsKey_encryptsTheObjectUnderIt() throws IOException {
        Path manifest = Files.writeString(workDir.resolve("manifest.json"), "{}");

        new S3RunFiles(s3, KMS_KEY_ID).upload(manifest, "s3://%s/%s/manifest.json".formatted(BUCKET, prefix));

        HeadObjectResponse head = s3.headObject(r -> r.bucket(BUCKET).key(prefix + "/manifest.json"));
        assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(head.ssekmsKeyId()).isEqualTo(KMS_KEY_ID);
    }

    @Test
    void upload_toAMissingBucket_failsWithTheTarget() throws IOException {
        Path manifest = Files.writeString(workDir.resolve("manifest.json"), "{}");

        assertThatThrownBy(() -> new S3RunFiles(s3, null).upload(manifest, "s3://no-such-bucket/runs/manifest.json"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("Cannot upload manifest.json: The specified bucket does not exist.")
                .hasMessageEndingWith("(s3://no-such-bucket/runs/manifest.json)");
    }

    @Test
    void download_copiesEveryObjectUnderThePrefix_keepingTheirPaths() throws IOException {
        put(prefix + "/r-1/output/summary.json", "{\"inputs\":2}");
        put(prefix + "/r-1/output/kpi/part-00000-a.json", "{\"measure\":\"mortality\"}\n");
        put(prefix + "/r-1/output/kpi/_SUCCESS", "");
        put(prefix + "/r-1/output/hospitals/", "");
        put(prefix + "/r-1/output-old/summary.json", "{\"inputs\":1}");
        put(prefix + "/r-1/manifest.json", "{}");

        int files = new S3RunFiles(s3, null).download("s3://%s/%s/r-1/output".formatted(BUCKET, prefix), workDir.resolve("output"));

        assertThat(files).isEqualTo(3);
        assertThat(relativeFiles(workDir.resolve("output")))
                .containsExactlyInAnyOrder("summary.json", "kpi/part-00000-a.json", "kpi/_SUCCESS");
        assertThat(Files.readString(workDir.resolve("output/summary.json"))).isEqualTo("{\"inputs\":2}");
        assertThat(Files.readString(workDir.resolve("output/kpi/part-00000-a.json"))).isEqualTo("{\"measure\":\"mortality\"}\n");
    }

    @Test
    void download_ofAnEmptyPrefix_writesNothing() {
        int files = new S3RunFiles(s3, null).download("s3://%s/%s/never-written/".formatted(BUCKET, prefix), workDir.resolve("output"));

        assertThat(files).isZero();
        assertThat(workDir.resolve("output")).doesNotExist();
    }

    @Test
    void download_refusesAKeyThatWouldLeaveTheTargetDirectory() {
        put(prefix + "/r-1/output/../../escaped.json", "{}");

        assertThatThrownBy(() -> new S3RunFiles(s3, null).download("s3://%s/%s/r-1/output".formatted(BUCKET, prefix), workDir.resolve("output")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot download s3://%s/%s/r-1/output: its key leaves the target directory (s3://%s/%s/r-1/output/../../escaped.json)",
                        BUCKET, prefix, BUCKET, prefix);
        assertThat(workDir.resolve("escaped.json")).doesNotExist();
    }

    @Test
    void locations_mustBeS3Uris() {
        assertThatThrownBy(() -> new S3RunFiles(s3, null).download("https://metriccare-runs/r-1/output", workDir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot address S3 object: not an s3://bucket/key URI (https://metriccare-runs/r-1/output/)");
    }

    private void put(String key, String content) {
        s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString(content, StandardCharsets.UTF_8));
    }

    private String object(String key) {
        return s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asUtf8String();
    }

    private static List<String> relativeFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).map(file -> directory.relativize(file).toString().replace('\\', '/')).toList();
        }
    }
}
