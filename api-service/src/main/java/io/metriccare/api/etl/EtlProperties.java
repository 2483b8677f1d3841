package io.metriccare.api.etl;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How ETL runs are executed.
 *
 * @param workDir  where each run keeps its manifest, engine log and output
 * @param schedule the ETL schedule of tenants that set none (a Spring cron expression)
 * @param local    the embedded engine: a child JVM running Spark {@code local[*]}
 * @param triggers what starts runs without a request
 */
@ConfigurationProperties("metriccare.etl")
@Validated
public record EtlProperties(@NotNull Path workDir, @NotBlank String schedule, @Valid @NotNull Local local,
                            @Valid @NotNull Triggers triggers) {

    /**
     * @param enabled   whether runs start on their own at all (on-demand runs always can)
     * @param onNewData start a tenant's run once its new submissions have been quiet for {@code debounce}
     * @param debounce  how long a tenant's newest unprocessed submission must be old before its run starts
     * @param tick      how often the triggers look at the tenants
     */
    public record Triggers(boolean enabled, boolean onNewData, @NotNull Duration debounce, @NotNull Duration tick) {
    }

    /**
     * @param runtimeDir  the engine runtime built by the etl-engine module: every jar the child JVM needs
     * @param maxHeap     the child JVM's {@code -Xmx}
     * @param sparkMaster Spark master URL the engine uses, written into each run's manifest
     * @param jvmOptions  further child JVM options; Spark on Java 17 needs its {@code --add-opens}
     * @param keepWarm    how long the child JVM waits for the next run after a successful one; zero starts a fresh
     *                    JVM for every run
     */
    public record Local(@NotNull Path runtimeDir, @NotBlank String maxHeap, @NotBlank String sparkMaster,
                        List<String> jvmOptions, @NotNull Duration keepWarm) {
    }
}
