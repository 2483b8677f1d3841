package io.metriccare.ingest.bulk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.unit.DataSize;

/**
 * Where import bodies wait for their job: one file per job, written as the request streams in
 * (gunzipped on the way) and never more than the size limit, so no body is ever held in memory.
 */
final class Spool {

    private static final Logger log = LoggerFactory.getLogger(Spool.class);

    private final Path directory;
    private final DataSize maxSize;

    Spool(Path directory, DataSize maxSize) {
        this.directory = directory;
        this.maxSize = maxSize;
    }

    /**
     * Writes the body to the job's file; on any failure no file is left behind.
     *
     * @throws BulkImportTooLargeException   when the (decompressed) body exceeds the limit
     * @throws BulkImportUnreadableException when the body cannot be read, e.g. it is not gzip as declared
     */
    Path write(UUID jobId, InputStream body, boolean gzipped) {
        Path file = fileOf(jobId);
        try {
            Files.createDirectories(directory);
            try (InputStream in = gzipped ? gunzip(body) : body; OutputStream out = Files.newOutputStream(file)) {
                byte[] buffer = new byte[64 * 1024];
                long total = 0;
                for (int read = readBody(in, buffer); read >= 0; read = readBody(in, buffer)) {
                    total += read;
                    if (total > maxSize.toBytes()) {
                        throw new BulkImportTooLargeException(maxSize);
                    }
                    out.write(buffer, 0, read);
                }
            }
            return file;
        } catch (IOException e) {
            discard(file);
            throw new UncheckedIOException("Cannot spool import body: " + e.getMessage() + " (" + file + ")", e);
        } catch (RuntimeException e) {
            discard(file);
            throw e;
        }
    }

    Path fileOf(UUID jobId) {
        return directory.resolve("metriccare-bulk-import-" + jobId + ".ndjson");
    }

    void discard(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Cannot delete spooled import body: {} ({})", e.getMessage(), file);
        }
    }

    private static InputStream gunzip(InputStream body) {
        try {
            return new GZIPInputStream(body, 64 * 1024);
        } catch (IOException e) {
            throw new BulkImportUnreadableException(e);
        }
    }

    /** Reading the request is the client's side: its failures are the body's fault, not ours. */
    private static int readBody(InputStream in, byte[] buffer) {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            throw new BulkImportUnreadableException(e);
        }
    }
}
