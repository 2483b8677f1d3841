package io.metriccare.etl.benchmark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metriccare.etl.EngineLauncher;
import io.metriccare.etl.EngineSession;
import io.metriccare.etl.EngineWorker;
import io.metriccare.etl.EngineWorkerClient;
import io.metriccare.etl.EtlMain;
import io.metriccare.etl.RunManifest;
import io.metriccare.etl.RunSummary;
import io.metriccare.etl.SparkTestSession;
import io.metriccare.etl.lake.EngineProfile;
import io.metriccare.generator.GeneratorMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Full run against incremental run (+1% of the data) on the engine's production settings (Spark
 * {@code local[*]}, the local profile): over the shared Synthea bundles, and over generated tenants of
 * {@code -Dbenchmark.patients} patients (comma-separated sizes, default 100,000). Prints a Markdown
 * row per run and appends it to {@code target/benchmarks/engine-runs.md}.
 *
 * <p>{@code -Dbenchmark.launch} picks how runs start: {@code in-process} (the default) calls
 * {@link EtlMain#run} in this JVM; the others start engine JVMs from {@code target/engine-runtime}, which
 * {@code package} builds, as the api-service's local engine does ({@code -Xmx} from {@code -Dbenchmark.heap},
 * default the API's 3g). {@code worker} sends every run of a dataset to one {@link EngineWorker}, which the
 * api-service keeps warm between runs; {@code child-jvm} starts {@code EtlMain --manifest} in a fresh JVM
 * for each run, as it does with {@code keep-warm: 0}. {@code -Dbenchmark.increments} runs that many +1%
 * runs after the full run; {@code -Dbenchmark.warm-full=true} then repeats the full run into an empty lake in
 * the same engine, to compare the increments with a full run as warm as they are.
 */
@Tag("benchmark")
class EngineRunBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant RECEIVED = Instant.parse("2024-01-05T10:00:00Z");
  private static final String LAUNCH = System.getProperty("benchmark.launch", "in-process");
  private static final String HEAP = System.getProperty("benchmark.heap", "3g");
  private static final Path ENGINE_RUNTIME = Path.of("target", "engine-runtime");

  @Test
  void synthea_fullThenOneMoreBundle() throws Exception {
    Path synthea = Path.of(System.getProperty("metriccare.shared-data", "../../shared/data")).resolve("synthea-r4");
    assumeTrue(Files.isDirectory(synthea), "Shared Synthea data not found at " + synthea.toAbsolutePath());
    List<Path> bundles;
    try (Stream<Path> files = Files.list(synthea)) {
      // The hospital and practitioner information bundles sort first ("0-…").
      bundles = files.filter(file -> file.toString().endsWith(".json.gz")).sorted().toList();
    }
    Path lake = SparkTestSession.newTargetDirectory("bench-synthea-");
    List<RunManifest.Input> inputs = new ArrayList<>();
    for (Path bundle : bundles) {
      String ingestionId = "ingestion-" + inputs.size();
      String objectKey = "raw/tenant=synthea/dt=2024-01-05/" + ingestionId + ".json.gz";
      Files.createDirectories(lake.resolve(objectKey).getParent());
      Files.copy(bundle, lake.resolve(objectKey));
      inputs.add(new RunManifest.Input(ingestionId, "synthea", objectKey, RECEIVED));
    }
    compare("Synthea", lake, "synthea", Map.of(), Map.of(), inputs, 1);
  }

  @Test
  void generated_fullThenOnePercent() throws Exception {
    for (String size : System.getProperty("benchmark.patients", "100000").split(",")) {
      generated(Integer.parseInt(size.trim()));
    }
  }

  private static void generated(int patients) throws Exception {
    Path generated = SparkTestSession.newTargetDirectory("bench-generated-");
    GeneratorMain.main(new String[] {"--out", generated.toString(), "--tenants", "1", "--hospitals", "4",
        "--patients", String.valueOf(patients), "--from", "2023-01-01", "--to", "2024-12-31", "--seed", "5",
        "--patients-per-bundle", String.valueOf(Math.max(1, patients / 200)), "--tenant-prefix", "bench-"});
    JsonNode fragment = JSON.readTree(generated.resolve("manifest-fragment.json").toFile());
    List<RunManifest.Input> inputs = new ArrayList<>();
    for (JsonNode input : fragment.path("inputs")) {
      inputs.add(new RunManifest.Input(input.path("ingestionId").asText(), input.path("tenantId").asText(),
          input.path("objectKey").asText(), Instant.parse(input.path("receivedAt").asText())));
    }
    Map<String, LocalDate> dataThrough = new TreeMap<>();
    fragment.path("dataThroughDates").fields().forEachRemaining(
        entry -> dataThrough.put(entry.getKey(), LocalDate.parse(entry.getValue().asText())));
    Map<String, Map<String, String>> timeZones = new TreeMap<>();
    fragment.path("hospitalTimeZones").fields().forEachRemaining(entry -> timeZones.put(entry.getKey(),
        JSON.convertValue(entry.getValue(), JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class))));
    compare(String.format("generated, %,d patients", patients), generated, "bench-1", dataThrough, timeZones, inputs,
        inputs.size() / 100);
  }

  /**
   * A full run over all inputs but the last {@code added} × {@code -Dbenchmark.increments} (default 1), then
   * one incremental run per {@code added} of those, in turn: later ones show the engine JVM warmer.
   */
  private static void compare(String dataset, Path lake, String tenant, Map<String, LocalDate> dataThrough,
      Map<String, Map<String, String>> timeZones, List<RunManifest.Input> inputs, int added) throws Exception {
    SparkSession spark = EngineSession.start(EngineProfile.LOCAL, Optional.empty());
    int increments = Integer.getInteger("benchmark.increments", 1);
    int initial = inputs.size() - added * increments;
    List<Measured> incrementals = new ArrayList<>();
    Measured full;
    Optional<Measured> warmFull = Optional.empty();
    try (Engine engine = engine(spark, lake)) {
      full = measure(spark, engine, manifest("full", lake, tenant, dataThrough, timeZones, inputs.subList(0, initial), Set.of()));
      for (int increment = 1; increment <= increments; increment++) {
        int from = initial + added * (increment - 1);
        // As the api-service launches it after a published run: the lineage output carries what the run replaced.
        incrementals.add(measure(spark, engine, manifest("incremental-" + increment, lake, tenant, dataThrough, timeZones,
            inputs.subList(from, from + added), Set.of(tenant))));
      }
      if (Boolean.getBoolean("benchmark.warm-full")) {
        warmFull = Optional.of(measure(spark, engine, manifest("full-warm", emptyLakeBeside(lake), tenant, dataThrough,
            timeZones, inputs.subList(0, initial), Set.of())));
      }
    }

    report(dataset, "full", full, full);
    for (int increment = 1; increment <= increments; increment++) {
      Measured incremental = incrementals.get(increment - 1);
      assertThat(incremental.summary().inputs()).isEqualTo(added);
      report(dataset, "+" + added + " of " + inputs.size() + " inputs"
          + (increments == 1 ? "" : " (" + increment + " of " + increments + ")"), incremental, full);
    }
    if (warmFull.isPresent()) {
      // Comparable only if the repeat read the same raw files as the first full run.
      assertThat(warmFull.get().resources()).isEqualTo(full.resources());
      report(dataset, "full again, after the " + (increments + 1) + " runs above", warmFull.get(), full);
    }
  }

  /** A lake root with no tables that reads the same raw objects: a full run into it repeats the first. */
  private static Path emptyLakeBeside(Path lake) throws IOException {
    Path empty = Files.createDirectories(lake.resolveSibling(lake.getFileName() + "-again"));
    Files.createSymbolicLink(empty.resolve("raw"), lake.resolve("raw"));
    return empty;
  }

  /** Runs manifests one way or another until closed. */
  private interface Engine extends AutoCloseable {
    RunSummary run(RunManifest manifest) throws Exception;

    @Override
    default void close() throws Exception {}
  }

  private static Engine engine(SparkSession spark, Path lake) throws IOException {
    return switch (LAUNCH) {
      case "in-process" -> manifest -> EtlMain.run(spark, manifest);
      case "child-jvm" -> EngineRunBenchmark::runInChildJvm;
      case "worker" -> worker(lake.resolveSibling(lake.getFileName() + "-worker.log"));
      default -> throw new IllegalArgumentException("benchmark.launch is in-process, child-jvm or worker, not " + LAUNCH);
    };
  }

  private record Measured(RunSummary summary, long wallMillis, long resources) {}

  private static Measured measure(SparkSession spark, Engine engine, RunManifest manifest) throws Exception {
    long start = System.nanoTime();
    RunSummary summary = engine.run(manifest);
    long wall = (System.nanoTime() - start) / 1_000_000;
    long resources = spark.read().format("hudi").load(manifest.lakeRoot() + "/bronze/ingestion_log")
        .filter(col("run_id").equalTo(manifest.runId()))
        .agg(sum(col("entries"))).first().getLong(0);
    return new Measured(summary, wall, resources);
  }

  /** {@code EtlMain --manifest} in a fresh JVM; its summary once it exits. */
  private static RunSummary runInChildJvm(RunManifest manifest) throws IOException, InterruptedException {
    Path log = Path.of(manifest.outputLocation() + ".log");
    Process engine = new ProcessBuilder(EngineLauncher.command(runtimeClassPath(), HEAP, EtlMain.class, "--manifest",
        manifestFile(manifest).toString()))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    try {
      assertThat(engine.waitFor()).as("engine exit code, see " + log).isZero();
    } finally {
      engine.destroyForcibly();
    }
    return summary(manifest);
  }

  /** One engine worker for every run of the pair, asked to exit on close. */
  private static Engine worker(Path workerLog) throws IOException {
    EngineWorkerClient worker = EngineWorkerClient.start(runtimeClassPath(), HEAP, workerLog);
    return new Engine() {
      @Override
      public RunSummary run(RunManifest manifest) throws IOException {
        Path log = Path.of(manifest.outputLocation() + ".log");
        assertThat(worker.run(manifestFile(manifest), log).succeeded()).as("run succeeded, see " + log).isTrue();
        return summary(manifest);
      }

      @Override
      public void close() throws Exception {
        try {
          assertThat(worker.exit()).as("worker exit code, see " + workerLog).isZero();
        } finally {
          worker.close();
        }
      }
    };
  }

  private static String runtimeClassPath() {
    assertThat(ENGINE_RUNTIME).as("engine runtime (./mvnw -pl etl-engine -am package -DskipTests)").isDirectory();
    return ENGINE_RUNTIME.toAbsolutePath().resolve("*").toString();
  }

  private static Path manifestFile(RunManifest manifest) throws IOException {
    return EngineLauncher.writeManifest(manifest, Path.of(manifest.outputLocation() + "-manifest.json"));
  }

  private static RunSummary summary(RunManifest manifest) throws IOException {
    return JSON.readValue(Path.of(manifest.outputLocation(), "summary.json").toFile(), RunSummary.class);
  }

  private static RunManifest manifest(String runId, Path lake, String tenant, Map<String, LocalDate> dataThrough,
      Map<String, Map<String, String>> timeZones, List<RunManifest.Input> inputs, Set<String> lineageDeltaTenants) {
    return new RunManifest(runId, EngineProfile.LOCAL, Optional.empty(), lake.toString(),
        lake.resolveSibling(lake.getFileName() + "-" + runId).toString(), List.of(tenant), dataThrough, inputs,
        timeZones, Map.of(), List.of(), RunManifest.DEFAULT_GLUE_DATABASE, lineageDeltaTenants);
  }

  /** | dataset | run | inputs | resources | wall | per stage: seconds (resources/s) | share of full | */
  private static void report(String dataset, String run, Measured measured, Measured full) throws IOException {
    StringBuilder stages = new StringBuilder();
    for (RunSummary.Stage stage : measured.summary().stages()) {
      stages.append(String.format(" %s %.1f s (%,.0f/s) |", stage.name(), stage.millis() / 1000.0,
          measured.resources() * 1000.0 / Math.max(1, stage.millis())));
    }
    String row = String.format("| %s | %s | %d | %,d | %.1f s |%s %.0f%% |%n", dataset, run,
        measured.summary().inputs(), measured.resources(), measured.wallMillis() / 1000.0, stages,
        100.0 * measured.wallMillis() / full.wallMillis());
    System.out.print(row);
    Path results = Files.createDirectories(Path.of("target", "benchmarks")).resolve("engine-runs.md");
    Files.writeString(results, row, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
