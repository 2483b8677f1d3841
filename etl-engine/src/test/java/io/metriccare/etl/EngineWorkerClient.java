package io.metriccare.etl;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** An {@link EngineWorker} in its own JVM, driven over its stdin and stdout as the api-service drives it. */
public final class EngineWorkerClient implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final BufferedWriter requests;
  private final BufferedReader replies;

  private EngineWorkerClient(Process process) {
    this.process = process;
    this.requests = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Starts a worker whose stderr, everything it logs outside runs, is appended to {@code workerLog}. */
  public static EngineWorkerClient start(String classPath, String heap, Path workerLog) throws IOException {
    return new EngineWorkerClient(new ProcessBuilder(EngineLauncher.command(classPath, heap, EngineWorker.class))
        .redirectError(ProcessBuilder.Redirect.appendTo(workerLog.toFile()))
        .start());
  }

  public long pid() {
    return process.pid();
  }

  /** Sends one request and waits for its reply. */
  public EngineWorker.Reply run(Path manifest, Path log) throws IOException {
    requests.write(JSON.writeValueAsString(new EngineWorker.Request(manifest.toString(), log.toString())));
    requests.newLine();
    requests.flush();
    String reply = replies.readLine();
    if (reply == null) {
      throw new IllegalStateException("Engine worker " + process.pid() + " exited without a reply");
    }
    return JSON.readValue(reply, EngineWorker.Reply.class);
  }

  /** Closes the worker's stdin, which asks it to exit; its exit code. */
  public int exit() throws IOException, InterruptedException {
    requests.close();
    if (!process.waitFor(1, TimeUnit.MINUTES)) {
      throw new IllegalStateException("Engine worker " + process.pid() + " did not exit within a minute of its stdin closing");
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
