package io.metriccare.api.etl;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.json.JsonMapper;

/**
 * One etl-engine {@code EngineWorker} JVM and the protocol it speaks, a JSON object per line each way: a
 * request per run on its stdin, a reply on its stdout once the run ended. It exits when its stdin closes.
 */
final class EngineWorkerProcess {

    enum Outcome { SUCCEEDED, FAILED, WORKER_EXITED }

    private record Request(String manifest, String log) {
    }

    private record Reply(boolean succeeded) {
    }

    private static final long REPLY_POLL_MILLIS = 200;
    private static final long EXIT_WAIT_SECONDS = 30;

    private final Process process;
    private final BufferedWriter requests;
    private final BufferedReader replies;
    private final JsonMapper json;

    private EngineWorkerProcess(Process process, JsonMapper json) {
        this.process = process;
        this.requests = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.json = json;
    }

    /** Starts the worker; what it writes to stderr outside runs is appended to {@code workerLog}. */
    static EngineWorkerProcess start(List<String> command, Path workerLog, JsonMapper json) {
        try {
            return new EngineWorkerProcess(new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(workerLog.toFile()))
                    .start(), json);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start engine process: " + e.getMessage(), e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Only once the worker exited, after {@link Outcome#WORKER_EXITED}. */
    int exitCode() {
        return process.exitValue();
    }

    /** Runs the job's manifest, logging to the job's log, and waits until the run ends or the worker exits. */
    Outcome run(EngineJob job) throws InterruptedException {
        try {
            requests.write(json.writeValueAsString(new Request(job.manifest().toString(), job.log().toString())));
            requests.newLine();
            requests.flush();
            String reply = awaitReply();
            if (reply == null) {
                return Outcome.WORKER_EXITED;
            }
            return json.readValue(reply, Reply.class).succeeded() ? Outcome.SUCCEEDED : Outcome.FAILED;
        } catch (IOException e) {
            // A broken pipe: the worker is gone, or going.
            kill();
            return Outcome.WORKER_EXITED;
        }
    }

    /** The reply line; null when the worker exited without one. Polls so that the wait stays interruptible. */
    private String awaitReply() throws IOException, InterruptedException {
        while (!replies.ready()) {
            if (process.waitFor(REPLY_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                return replies.ready() ? replies.readLine() : null;
            }
        }
        return replies.readLine();
    }

    /** Kills the worker and whatever it started, and waits for it to die: a later run must not share the lake with it. */
    void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Asks the worker to exit by closing its stdin; kills it if it has not within the wait. */
    void close() throws InterruptedException {
        try {
            requests.close();
        } catch (IOException e) {
            // Its stdin is already closed: it is exiting, or gone.
        }
        if (!process.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
