package io.metriccare.api.ingest;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** @param maxBodySize the largest FHIR submission accepted, after gzip decoding; larger ones get 413 */
@ConfigurationProperties("metriccare.ingest")
@Validated
record IngestProperties(@NotNull DataSize maxBodySize) {
}
