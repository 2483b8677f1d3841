package io.metriccare.ingest.storage;

import java.nio.file.Path;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Where the lake lives: raw objects and, for the local engine, the Hudi tables. */
@ConfigurationProperties("metriccare.lake")
@Validated
public record LakeProperties(@NotNull Path root) {
}
