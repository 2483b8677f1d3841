package io.metriccare.api.etl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.metriccare.ingest.storage.LakeProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The local engine's worker JVM over its life, with the engine runtime and settings the application ships: kept
 * warm between runs, stopped once idle, after a failed run, or after every run with {@code keep-warm: 0}.
 */
class LocalEtlEngineTests {

    private static final Pattern WORKER_PROCESS = Pattern.compile("Engine worker process (\\d+): run (\\d+) of this process");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    private Path dir;

    @Test
    void keepsItsWorkerWarmForTheNextRun_andStopsItOnceIdle() throws Exception {
        LocalEtlEngine engine = engine(Duration.ofSeconds(3));
        try {
            EngineJob first = job();
            EngineJob second = job();
            engine.execute(first);
            engine.execute(second);

            long worker = workerPid(first);
            assertThat(workerPid(second)).isEqualTo(worker);
            assertThat(Files.readString(second.log())).contains(": run 2 of this process");
            assertThat(second.output().resolve("summary.json")).isRegularFile();
            await().atMost(Duration.ofMinutes(1)).until(() -> !isAlive(worker));
        } finally {
            engine.stopWorker();
        }
    }

    @Test
    void keepWarmZero_startsAFreshWorkerForEveryRun() throws Exception {
        LocalEtlEngine engine = engine(Duration.ZERO);
        EngineJob first = job();
        EngineJob second = job();

        engine.execute(first);
        assertThat(isAlive(workerPid(first))).isFalse();
        engine.execute(second);

        assertThat(workerPid(second)).isNotEqualTo(workerPid(first));
        assertThat(isAlive(workerPid(second))).isFalse();
        assertThat(Files.readString(second.log())).contains(": run 1 of this process");
    }

    @Test
    void aFailedRun_failsWithTheTailOfItsLog_andTakesItsWorkerWithIt() throws Exception {
        LocalEtlEngine engine = engine(Duration.ofMinutes(30));
        try {
            EngineJob broken = job();
            Files.writeString(broken.manifest(), "{\"runId\": \"" + broken.runId() + "\"}");

            assertThatThrownBy(() -> engine.execute(broken))
                    .isInstanceOf(EngineFailedException.class)
                    .hasMessageStartingWith("Engine run failed; last log lines:")
                    .hasMessageContaining("Cannot read manifest: missing field");
            assertThat(isAlive(workerPid(broken))).isFalse();

            EngineJob next = job();
            engine.execute(next);
            assertThat(workerPid(next)).isNotEqualTo(workerPid(broken));
            assertThat(next.output().resolve("summary.json")).isRegularFile();
        } finally {
            engine.stopWorker();
        }
    }

    @Test
    void aWorkerThatCannotStart_failsTheRunWithWhatTheJvmSaid() throws Exception {
        LocalEtlEngine engine = engine(Duration.ofMinutes(30), List.of("-XX:+NoSuchEngineOption"));
        EngineJob job = job();

        assertThatThrownBy(() -> engine.execute(job))
                .isInstanceOf(EngineFailedException.class)
                .hasMessageStartingWith("Engine exited with code 1; last log lines:")
                .hasMessageContaining("Unrecognized VM option 'NoSuchEngineOption'");
        assertThat(job.output().resolve("summary.json")).doesNotExist();
    }

    /** The local engine as {@code application.yaml} configures it, with a smaller heap and the given keep-warm. */
    private LocalEtlEngine engine(Duration keepWarm) throws IOException {
        return engine(keepWarm, List.of());
    }

    private LocalEtlEngine engine(Duration keepWarm, List<String> extraJvmOptions) throws IOException {
        Binder binder = new Binder(ConfigurationPropertySources.from(
                new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yaml"))));
        EtlProperties.Local shipped = binder.bind("metriccare.etl.local", EtlProperties.Local.class).get();
        List<String> jvmOptions = Stream.concat(shipped.jvmOptions().stream(), extraJvmOptions.stream()).toList();
        EtlProperties.Local local = new EtlProperties.Local(shipped.runtimeDir(), "1g", "local[1]", jvmOptions, keepWarm);
        EtlProperties etl = new EtlProperties(dir.resolve("runs"), "0 */15 * * * *", local,
                new EtlProperties.Triggers(false, false, Duration.ofMinutes(2), Duration.ofSeconds(30)));
        return new LocalEtlEngine(etl, new LakeProperties(dir.resolve("lake"), LakeProperties.Store.LOCAL, null), JSON);
    }

    /** A run that recomputes no tenant: the engine only counts the lake's rows and writes its summary. */
    private EngineJob job() throws IOException {
        UUID runId = UUID.randomUUID();
        Path runDir = Files.createDirectories(dir.resolve("runs").resolve(runId.toString()));
        EngineJob job = new EngineJob(runId, runDir.resolve("manifest.json"), runDir);
        RunManifest manifest = new RunManifest(runId, "local", "local[1]", dir.resolve("lake").toString(),
                job.output().toString(), List.of(), Map.of(), Map.of(), Map.of(), List.of(), List.of(), null, Set.of());
        Files.writeString(job.manifest(), JSON.writeValueAsString(manifest));
        return job;
    }

    private static long workerPid(EngineJob job) throws IOException {
        Matcher worker = WORKER_PROCESS.matcher(Files.readString(job.log()));
        assertThat(worker.find()).as("worker named in " + job.log()).isTrue();
        return Long.parseLong(worker.group(1));
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
