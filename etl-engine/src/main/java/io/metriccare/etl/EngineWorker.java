package io.metriccare.etl;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metriccare.etl.lake.EngineProfile;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A long-lived engine JVM: runs manifests one after another on one Spark session, so that only its first
 * run pays for starting the JVM and Spark and for compiling the engine's code paths. The api-service's
 * local engine keeps one warm between runs.
 *
 * <p>One JSON object per line each way. A request on stdin, {@code {"manifest": <path-or-uri>, "log": <file>}},
 * gets a reply on stdout once its run ended, {@code {"succeeded": true|false}}; the next request is read
 * only then, so runs never overlap. Whatever a run logs or prints is appended to its log file, the rest goes
 * to stderr. The worker exits when stdin closes.
 */
public final class EngineWorker {

  private static final Logger LOG = LoggerFactory.getLogger(EngineWorker.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Run the manifest at {@code manifest}, logging to the file {@code log}. */
  public record Request(String manifest, String log) {}

  public record Reply(boolean succeeded) {}

  private record SessionSettings(EngineProfile profile, Optional<String> master) {}

  private final PrintStream replies;
  private final RedirectableOutput console;
  private SparkSession session;
  private SessionSettings sessionSettings;
  private int runs;

  private EngineWorker(PrintStream replies, RedirectableOutput console) {
    this.replies = replies;
    this.console = console;
  }

  public static void main(String[] args) throws IOException {
    // Replies keep the real stdout to themselves: stray prints of Spark or Hudi must not corrupt them.
    PrintStream replies = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    RedirectableOutput console = new RedirectableOutput(new FileOutputStream(FileDescriptor.err));
    PrintStream consoleStream = new PrintStream(console, true, StandardCharsets.UTF_8);
    System.setOut(consoleStream);
    System.setErr(consoleStream);
    new EngineWorker(replies, console).serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
    // As in EtlMain: Hudi and Hadoop leave non-daemon threads behind.
    System.exit(0);
  }

  private void serve(BufferedReader requests) throws IOException {
    for (String line = requests.readLine(); line != null; line = requests.readLine()) {
      Request request = JSON.readValue(line, Request.class);
      boolean succeeded;
      try (OutputStream log = Files.newOutputStream(Path.of(request.log()), StandardOpenOption.CREATE,
          StandardOpenOption.APPEND)) {
        console.redirectTo(log);
        try {
          succeeded = run(request.manifest());
        } finally {
          console.restoreDefault();
        }
      }
      replies.println(JSON.writeValueAsString(new Reply(succeeded)));
    }
  }

  private boolean run(String manifestLocation) {
    runs++;
    LOG.info("Engine worker process {}: run {} of this process", ProcessHandle.current().pid(), runs);
    return EtlMain.succeeds(() -> {
      RunManifest manifest = RunManifest.read(manifestLocation, new Configuration());
      EtlMain.run(sessionFor(manifest), manifest);
    });
  }

  /** The open session, unless the manifest asks for another profile or master: one SparkContext per JVM. */
  private SparkSession sessionFor(RunManifest manifest) {
    SessionSettings wanted = new SessionSettings(manifest.profile(), manifest.sparkMaster());
    if (session != null && !wanted.equals(sessionSettings)) {
      session.stop();
      session = null;
    }
    if (session == null) {
      session = EngineSession.start(wanted.profile(), wanted.master());
      sessionSettings = wanted;
    }
    return session;
  }
}
