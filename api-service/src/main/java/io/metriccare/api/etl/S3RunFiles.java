package io.metriccare.api.etl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The files a run exchanges with a remote engine through S3: the manifest it uploads, the output it
 * downloads. Locations are {@code s3://bucket/key} URIs.
 */
class S3RunFiles {

    private static final Pattern S3_URI = Pattern.compile("s3://([^/]+)/?(.*)");

    private final S3Client s3;
    private final String kmsKeyId;

    /**
     * @param kmsKeyId SSE-KMS key for uploads, or {@code null} for the bucket's default encryption
     */
    S3RunFiles(S3Client s3, String kmsKeyId) {
        this.s3 = s3;
        this.kmsKeyId = kmsKeyId == null || kmsKeyId.isBlank() ? null : kmsKeyId;
    }

    void upload(Path file, String target) {
        Location location = Location.of(target);
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(location.bucket()).key(location.key());
        if (kmsKeyId != null) {
            request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyId);
        }
        try {
            s3.putObject(request.build(), RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw new UncheckedIOException("Cannot upload %s: %s (%s)".formatted(file.getFileName(), e.getMessage(), target),
                    new IOException(e.getMessage(), e));
        }
    }

    /**
     * Copies every object under {@code source}{@code /} into {@code directory}, keeping the key's
     * path below the prefix; folder marker objects are skipped.
     *
     * @return the number of files written
     */
    int download(String source, Path directory) {
        Location prefix = Location.of(source.endsWith("/") ? source : source + "/");
        Path root = directory.toAbsolutePath().normalize();
        int files = 0;
        try {
            for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(prefix.bucket()).prefix(prefix.key())).contents()) {
                if (object.key().endsWith("/")) {
                    continue;
                }
                Path target = root.resolve(object.key().substring(prefix.key().length())).normalize();
                if (!target.startsWith(root)) {
                    throw new IllegalStateException("Cannot download %s: its key leaves the target directory (s3://%s/%s)"
                            .formatted(source, prefix.bucket(), object.key()));
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = s3.getObject(r -> r.bucket(prefix.bucket()).key(object.key()))) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                files++;
            }
        } catch (SdkException | IOException e) {
            throw new UncheckedIOException("Cannot download %s: %s".formatted(source, e.getMessage()), new IOException(e.getMessage(), e));
        }
        return files;
    }

    private record Location(String bucket, String key) {

        static Location of(String uri) {
            Matcher matcher = S3_URI.matcher(uri);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("Cannot address S3 object: not an s3://bucket/key URI (" + uri + ")");
            }
            return new Location(matcher.group(1), matcher.group(2));
        }
    }
}
