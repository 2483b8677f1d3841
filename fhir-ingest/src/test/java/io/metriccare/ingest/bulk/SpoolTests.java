package io.metriccare.ingest.bulk;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpoolTests {

    @TempDir
    Path directory;

    @Test
    void gzippedBody_isSpooledDecompressed() throws IOException {
        Path file = new Spool(directory, DataSize.ofKilobytes(1)).write(UUID.randomUUID(), gzip("line 1\nline 2\n"), true);

        assertThat(file).hasContent("line 1\nline 2\n");
    }

    @Test
    void bodyOverTheLimitAfterDecompression_isRefused_andLeavesNoFile() throws IOException {
        Spool spool = new Spool(directory, DataSize.ofBytes(1000));

        assertThatThrownBy(() -> spool.write(UUID.randomUUID(), gzip("x".repeat(1001)), true))
                .isInstanceOf(BulkImportTooLargeException.class)
                .hasMessage("Cannot import: the NDJSON body is larger than the limit (1000 bytes)");
        assertThat(directory).isEmptyDirectory();
    }

    @Test
    void bodyOfExactlyTheLimit_isSpooled() {
        Path file = new Spool(directory, DataSize.ofBytes(1000))
                .write(UUID.randomUUID(), new ByteArrayInputStream(new byte[1000]), false);

        assertThat(file).hasSize(1000);
    }

    @Test
    void bodyThatIsNotGzipAsDeclared_isUnreadable_andLeavesNoFile() {
        Spool spool = new Spool(directory, DataSize.ofKilobytes(1));

        assertThatThrownBy(() -> spool.write(UUID.randomUUID(), new ByteArrayInputStream("plain".getBytes(StandardCharsets.UTF_8)), true))
                .isInstanceOf(BulkImportUnreadableException.class)
                .hasMessage("Cannot import: the request body could not be read (Not in GZIP format)");
        assertThat(directory).isEmptyDirectory();
    }

    @Test
    void truncatedGzip_isUnreadable_andLeavesNoFile() throws IOException {
        byte[] gzipped = gzip("line 1\n".repeat(100)).readAllBytes();
        byte[] truncated = Arrays.copyOf(gzipped, gzipped.length - 10);

        assertThatThrownBy(() -> new Spool(directory, DataSize.ofKilobytes(1)).write(UUID.randomUUID(),
                new ByteArrayInputStream(truncated), true))
                .isInstanceOf(BulkImportUnreadableException.class)
                .hasMessage("Cannot import: the request body could not be read (Unexpected end of ZLIB input stream)");
        assertThat(directory).isEmptyDirectory();
    }

    private static ByteArrayInputStream gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}
