package io.metriccare.api.etl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The embedded engine: etl-engine in a child JVM with Spark {@code local[*]} over the local lake. */
@Component
class LocalEtlEngine implements EtlEngine {

    static final String MAIN_CLASS = "io.metriccare.etl.EtlMain";
    private static final Logger log = LoggerFactory.getLogger(LocalEtlEngine.class);
    private static final int LOG_TAIL_LINES = 40;

    private final EtlProperties.Local settings;

    LocalEtlEngine(EtlProperties properties) {
        this.settings = properties.local();
    }

    @Override
    public String name() {
        return "local";
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
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw e;
        }
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
