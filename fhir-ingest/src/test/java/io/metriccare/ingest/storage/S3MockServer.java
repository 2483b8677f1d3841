package io.metriccare.ingest.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import static org.awaitility.Awaitility.await;

/**
 * Adobe S3Mock, a real S3-compatible HTTP server, as a child JVM on free loopback ports. The build
 * copies its executable jar to {@code target/s3mock/s3mock.jar} (system property
 * {@code metriccare.s3mock.jar}); it is never on the test classpath. Its log goes beside the jar.
 * api-service tests use it too, through this module's test-jar.
 */
public final class S3MockServer implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final URI endpoint;
    private final Path log;

    private S3MockServer(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /**
     * Starts S3Mock with its objects under {@code root}, the given buckets created, and the given
     * KMS key ARNs accepted for SSE-KMS; returns once it answers S3 requests.
     */
    public static S3MockServer start(Path root, List<String> buckets, List<String> validKmsKeys) throws IOException {
        Path jar = Path.of(System.getProperty("metriccare.s3mock.jar", "target/s3mock/s3mock.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Cannot start S3Mock: the build copies its jar in process-test-resources (" + jar + ")");
        }
        int httpPort = freePort();
        Path log = jar.resolveSibling("s3mock.log");
        Process process = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-jar", jar.toString(),
                "--http.port=" + httpPort,
                "--server.port=" + freePort(),
                "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off",
                "--com.adobe.testing.s3mock.store.root=" + root.toAbsolutePath(),
                "--com.adobe.testing.s3mock.store.initial-buckets=" + String.join(",", buckets),
                "--com.adobe.testing.s3mock.store.valid-kms-keys=" + String.join(",", validKmsKeys))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        S3MockServer server = new S3MockServer(process, URI.create("http://127.0.0.1:" + httpPort), log);
        try {
            await("S3Mock answering on " + server.endpoint)
                    .atMost(STARTUP_TIMEOUT)
                    .pollInterval(Duration.ofMillis(250))
                    .until(server::answers);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A path-style client of this server with static credentials (S3Mock accepts any), for tests to look at buckets directly. */
    public S3Client client() {
        return S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private boolean answers() throws IOException, InterruptedException {
        if (!process.isAlive()) {
            throw new IllegalStateException("Cannot start S3Mock: it exited with " + process.exitValue()
                    + "\n" + Files.readString(log));
        }
        try {
            HttpResponse<Void> response = HTTP.send(
                    HttpRequest.newBuilder(endpoint.resolve("/")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (ConnectException | HttpTimeoutException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port: " + e.getMessage(), e);
        }
    }
}
