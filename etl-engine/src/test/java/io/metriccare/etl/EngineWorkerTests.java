package io.metriccare.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.metriccare.etl.lake.EngineProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The engine worker in its own JVM, driven over stdin and stdout as the api-service's local engine drives it. */
class EngineWorkerTests {

  private static final Path FIXTURE = Path.of("../api-service/src/main/resources/demo/kpi-spec-section7-h1.json");
  private static final String TENANT = "north";
  private static final Map<String, LocalDate> DATA_THROUGH = Map.of(TENANT, LocalDate.of(2024, 7, 31));

  @Test
  void runsManifestsInTurn_outlivesAFailedRun_andLogsEachRunToItsOwnFile() throws Exception {
    Path lake = SparkTestSession.newTargetDirectory("worker-");
    String objectKey = "raw/tenant=north/dt=2024-07-31/ingestion-1.json";
    Files.createDirectories(lake.resolve(objectKey).getParent());
    Files.copy(FIXTURE, lake.resolve(objectKey));
    Path runs = Files.createDirectories(lake.resolveSibling(lake.getFileName() + "-runs"));
    Path first = EngineLauncher.writeManifest(manifest("worker-first", lake, runs.resolve("first-output"),
        List.of(new RunManifest.Input("ingestion-1", TENANT, objectKey, Instant.parse("2024-07-31T10:00:00Z")))),
        runs.resolve("first.json"));
    Path broken = Files.writeString(runs.resolve("broken.json"), "{\"runId\": \"worker-broken\"}");
    Path rerun = EngineLauncher.writeManifest(manifest("worker-rerun", lake, runs.resolve("rerun-output"), List.of()),
        runs.resolve("rerun.json"));
    Path workerLog = runs.resolve("worker.log");

    long pid;
    try (EngineWorkerClient worker = EngineWorkerClient.start(System.getProperty("java.class.path"), "1g", workerLog)) {
      pid = worker.pid();
      assertThat(worker.run(first, runs.resolve("first.log")).succeeded()).isTrue();
      assertThat(worker.run(broken, runs.resolve("broken.log")).succeeded()).isFalse();
      assertThat(worker.run(rerun, runs.resolve("rerun.log")).succeeded()).isTrue();
      assertThat(worker.exit()).isZero();
    }

    assertThat(Files.readString(runs.resolve("first.log")))
        .contains("Engine worker process " + pid + ": run 1 of this process", "Run worker-first: 1 inputs",
            "Stage quality took")
        .doesNotContain("worker-rerun", "worker-broken");
    assertThat(Files.readString(runs.resolve("broken.log")))
        .contains("Engine worker process " + pid + ": run 2 of this process", "ETL run failed",
            "Cannot read manifest: missing field")
        .doesNotContain("worker-first", "worker-rerun");
    assertThat(Files.readString(runs.resolve("rerun.log")))
        .contains("Engine worker process " + pid + ": run 3 of this process", "Run worker-rerun: 0 inputs")
        .doesNotContain("worker-first", "Cannot read manifest");
    assertThat(Files.readString(workerLog)).doesNotContain("Engine worker process", "Stage bronze took");
    assertThat(RunOutputReader.summary(runs.resolve("first-output")).path("inputs").asInt()).isEqualTo(1);
    assertThat(RunOutputReader.summary(runs.resolve("rerun-output")).path("inputs").asInt()).isZero();
    assertThat(RunOutputReader.jsonLines(runs.resolve("rerun-output").resolve("kpi")))
        .isNotEmpty()
        .containsExactlyInAnyOrderElementsOf(RunOutputReader.jsonLines(runs.resolve("first-output").resolve("kpi")));
  }

  private static RunManifest manifest(String runId, Path lake, Path output, List<RunManifest.Input> inputs) {
    return new RunManifest(runId, EngineProfile.LOCAL, Optional.empty(), lake.toString(), output.toString(),
        List.of(TENANT), DATA_THROUGH, inputs);
  }
}
