package io.metriccare.api.etl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.metriccare.ingest.storage.LakeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** The embedded engine (the default): etl-engine in a child JVM with Spark {@code local[*]} over the local lake. */
@Component
@ConditionalOnProperty(name = "metriccare.etl.engine", havingValue = "local", matchIfMissing = true)
class LocalEtlEngine implements EtlEngine {

    private static final Logger log = LoggerFactory.getLogger(LocalEtlEngine.class);
    private static final int LOG_TAIL_LINES = 40;
    private static final long EXIT_WAIT_SECONDS = 30;

    private final EtlProperties.Local settings;
    private final Path lakeRoot;

    LocalEtlEngine(EtlProperties properties, LakeProperties lake) {
        this.settings = properties.local();
        this.lakeRoot = lake.root().toAbsolutePath().normalize();
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public EngineTarget target(EngineJob job) {
        return new EngineTarget("local", settings.sparkMaster(), lakeRoot.toString(), job.output().toString(), null);
    }

    @Override
    public void execute(EngineJob job) throws InterruptedException {
        Path runtime = settings.runtimeDir().toAbsolutePath().normalize();
        if (!Files.isDirectory(runtime)) {
            throw new EngineFailedException("Cannot start engine: runtime directory not found (%s); build it with ./mvnw -pl etl-engine package"
                    .formatted(runtime));
        }
        Process process = start(command(runtime, job), job);
        log.info("Run {}: engine started as process {}", job.runId(), process.pid());
        try {
            int exitCode = process.waitFor();
            if (exitCode != 0) {
                throw new EngineFailedException("Engine exited with code %d; last log lines:%n%s".formatted(exitCode, tail(job.log())));
            }
        } catch (InterruptedException e) {
            stop(process, job);
            throw e;
        }
    }

    /** Kills the engine JVM and whatever it started, and waits for it to die: a later run must not share the lake with it. */
    private static void stop(Process process, EngineJob job) throws InterruptedException {
        List<ProcessHandle> descendants = process.descendants().toList();
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        if (!process.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
            log.warn("Run {}: engine process {} did not exit within {} s of being killed", job.runId(), process.pid(), EXIT_WAIT_SECONDS);
        }
        log.info("Run {}: engine process {} and {} descendants killed", job.runId(), process.pid(), descendants.size());
    }

    private List<String> command(Path runtime, EngineJob job) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + settings.maxHeap());
        command.addAll(settings.jvmOptions() == null ? List.of() : settings.jvmOptions());
        command.add("-cp");
        command.add(runtime.resolve("*").toString());
        command.add(MAIN_CLASS);
        command.add("--manifest");
        command.add(job.manifest().toString());
        return command;
    }

    private static Process start(List<String> command, EngineJob job) {
        try {
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(job.log().toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start engine process: " + e.getMessage(), e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(engine log unreadable: " + e.getMessage() + ")";
        }
    }
}
