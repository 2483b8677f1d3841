package io.metriccare.ingest.bulk;

import java.nio.file.Path;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Bulk NDJSON imports ({@code $import}).
 *
 * @param maxSize  the largest NDJSON body accepted, measured after gzip decompression (what is spooled to disk)
 * @param spoolDir where request bodies wait for their job; the JVM's temp directory when absent
 */
@ConfigurationProperties("metriccare.bulk-import")
@Validated
public record BulkImportProperties(@NotNull @DefaultValue("1GB") DataSize maxSize, Path spoolDir) {

    Path spoolDirOrTemp() {
        return spoolDir != null ? spoolDir : Path.of(System.getProperty("java.io.tmpdir"));
    }
}
