package io.metriccare.api.etl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.metriccare.ingest.storage.LakeProperties;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The embedded engine (the default): etl-engine in a child JVM with Spark {@code local[*]} over the local lake.
 * The JVM is an etl-engine {@code EngineWorker} kept warm for {@code keep-warm} after each run, so that the next
 * run skips starting the JVM and Spark. A run that fails or is stopped takes its worker with it: the next run
 * starts a fresh one.
 */
@Component
@ConditionalOnProperty(name = "metriccare.etl.engine", havingValue = "local", matchIfMissing = true)
class LocalEtlEngine implements EtlEngine {

    private static final Logger log = LoggerFactory.getLogger(LocalEtlEngine.class);
    private static final String WORKER_CLASS = "io.metriccare.etl.EngineWorker";
    private static final int LOG_TAIL_LINES = 40;

    private final EtlProperties.Local settings;
    private final Path lakeRoot;
    private final Path workerLog;
    private final JsonMapper json;
    private final ScheduledExecutorService retirement = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "etl-engine-retirement");
        thread.setDaemon(true);
        return thread;
    });

    // Guarded by this: the worker, whether a run is using it, and since when it has been idle.
    private EngineWorkerProcess worker;
    private boolean busy;
    private long idleSinceNanos;
    private ScheduledFuture<?> pendingRetirement;

    LocalEtlEngine(EtlProperties properties, LakeProperties lake, JsonMapper json) {
        this.settings = properties.local();
        this.lakeRoot = lake.root().toAbsolutePath().normalize();
        this.workerLog = properties.workDir().toAbsolutePath().resolve("engine-worker.log");
        this.json = json;
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
        EngineWorkerProcess running = acquire(job);
        EngineWorkerProcess.Outcome outcome;
        try {
            outcome = running.run(job);
        } catch (InterruptedException | RuntimeException e) {
            // Stopped, or a reply it could not read: the worker may still be writing the lake.
            running.kill();
            log.info("Run {}: engine worker process {} killed", job.runId(), running.pid());
            release(false);
            throw e;
        }
        release(outcome == EngineWorkerProcess.Outcome.SUCCEEDED);
        switch (outcome) {
            case SUCCEEDED -> log.info("Run {}: engine worker process {} finished it", job.runId(), running.pid());
            case FAILED -> throw new EngineFailedException("Engine run failed; last log lines:%n%s".formatted(tail(job.log())));
            case WORKER_EXITED -> throw new EngineFailedException("Engine exited with code %d; last log lines:%n%s"
                    .formatted(running.exitCode(), tail(Files.exists(job.log()) ? job.log() : workerLog)));
        }
    }

    /** The warm worker, or a new one when there is none or it died. */
    private synchronized EngineWorkerProcess acquire(EngineJob job) {
        Path runtime = settings.runtimeDir().toAbsolutePath().normalize();
        if (!Files.isDirectory(runtime)) {
            throw new EngineFailedException("Cannot start engine: runtime directory not found (%s); build it with ./mvnw -pl etl-engine package"
                    .formatted(runtime));
        }
        if (pendingRetirement != null) {
            pendingRetirement.cancel(false);
        }
        if (worker != null && worker.isAlive()) {
            log.info("Run {}: warm engine worker process {} takes it", job.runId(), worker.pid());
        } else {
            worker = EngineWorkerProcess.start(command(runtime), workerLog, json);
            log.info("Run {}: engine worker started as process {}", job.runId(), worker.pid());
        }
        busy = true;
        return worker;
    }

    /** Keeps the worker warm for the next run when its run succeeded; retires it at once otherwise. */
    private synchronized void release(boolean keep) throws InterruptedException {
        busy = false;
        idleSinceNanos = System.nanoTime();
        Duration keepWarm = settings.keepWarm();
        if (keep && !keepWarm.isZero()) {
            pendingRetirement = retirement.schedule(this::retireIfIdle, keepWarm.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            retireWorker();
        }
    }

    private synchronized void retireIfIdle() {
        boolean idleLongEnough = System.nanoTime() - idleSinceNanos >= settings.keepWarm().toNanos();
        if (worker != null && !busy && idleLongEnough) {
            log.info("Engine worker process {} idle for {}: stopping it", worker.pid(), settings.keepWarm());
            try {
                retireWorker();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @PreDestroy
    synchronized void stopWorker() throws InterruptedException {
        retirement.shutdownNow();
        retireWorker();
    }

    /** Asks the worker, if any, to exit, and forgets it: the next run starts a fresh one. */
    private synchronized void retireWorker() throws InterruptedException {
        if (worker != null) {
            worker.close();
            worker = null;
        }
    }

    private List<String> command(Path runtime) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + settings.maxHeap());
        command.addAll(settings.jvmOptions() == null ? List.of() : settings.jvmOptions());
        command.add("-cp");
        command.add(runtime.resolve("*").toString());
        command.add(WORKER_CLASS);
        return command;
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
