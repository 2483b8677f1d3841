package io.metriccare.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metriccare.generator.GeneratorMain;
import io.metriccare.etl.lake.EngineProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Incremental runs over a generated tenant: half the files, then the other half, against one run
 * over everything in a second lake; then the second run again under its own id.
 */
class IncrementalRunTests {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TENANT = "incr-1";

  private static Path generated;
  private static List<RunManifest.Input> inputs;
  private static Map<String, LocalDate> dataThrough;
  private static Map<String, Map<String, String>> timeZones;
  private static Path incrementalLake;
  private static RunSummary secondRun;
  private static Path secondOutput;
  private static RunSummary fullRun;
  private static Path fullOutput;

  @BeforeAll
  static void runHalfThenRestAndEverythingAtOnce() throws Exception {
    generated = SparkTestSession.newTargetDirectory("incremental-data-");
    GeneratorMain.main(new String[] {"--out", generated.toString(), "--tenants", "1", "--hospitals", "2",
        "--patients", "400", "--from", "2024-01-01", "--to", "2024-12-31", "--seed", "21",
        "--patients-per-bundle", "50", "--tenant-prefix", "incr-"});
    readFragment(JSON.readTree(generated.resolve("manifest-fragment.json").toFile()));
    assertThat(inputs).hasSize(8);

    incrementalLake = lakeWithRawZone("incremental-");
    run("first-half", incrementalLake, inputs.subList(0, 4), incrementalLake.resolveSibling(incrementalLake.getFileName() + "-1"));
    secondOutput = incrementalLake.resolveSibling(incrementalLake.getFileName() + "-2");
    secondRun = run("second-half", incrementalLake, inputs.subList(4, 8), secondOutput);

    Path fullLake = lakeWithRawZone("full-");
    fullOutput = fullLake.resolveSibling(fullLake.getFileName() + "-output");
    fullRun = run("everything", fullLake, inputs, fullOutput);
  }

  @Test
  void secondRun_readsOnlyTheNewFiles() {
    assertThat(secondRun.inputs()).isEqualTo(4);
    assertThat(ingestionIdsByRun(incrementalLake)).isEqualTo(Map.of(
        "first-half", ids(inputs.subList(0, 4)),
        "second-half", ids(inputs.subList(4, 8))));
  }

  @Test
  void halfThenRest_equalsOneRunOverEverything() {
    assertThat(secondRun.tables()).isEqualTo(fullRun.tables());
    assertThat(RunOutputReader.jsonLines(secondOutput.resolve("kpi")))
        .containsExactlyInAnyOrderElementsOf(RunOutputReader.jsonLines(fullOutput.resolve("kpi")))
        .isNotEmpty();
    assertThat(RunOutputReader.jsonLines(secondOutput.resolve("data_quality")))
        .containsExactlyInAnyOrderElementsOf(RunOutputReader.jsonLines(fullOutput.resolve("data_quality")));
  }

  @Test
  void rerunningARunId_changesNothing() throws IOException {
    Path again = incrementalLake.resolveSibling(incrementalLake.getFileName() + "-2-again");

    RunSummary rerun = run("second-half", incrementalLake, inputs.subList(4, 8), again);

    assertThat(rerun.tables()).isEqualTo(secondRun.tables());
    assertThat(RunOutputReader.jsonLines(again.resolve("kpi")))
        .containsExactlyInAnyOrderElementsOf(RunOutputReader.jsonLines(secondOutput.resolve("kpi")));
    assertThat(ingestionIdsByRun(incrementalLake).get("second-half")).isEqualTo(ids(inputs.subList(4, 8)));
  }

  private static Map<String, List<String>> ingestionIdsByRun(Path lake) {
    Map<String, List<String>> byRun = new TreeMap<>();
    for (Row row : SparkTestSession.spark().read().format("hudi").load(lake.resolve("bronze/ingestion_log").toString())
        .select("run_id", "ingestion_id").orderBy("ingestion_id").collectAsList()) {
      byRun.computeIfAbsent(row.getString(0), run -> new ArrayList<>()).add(row.getString(1));
    }
    return byRun;
  }

  private static List<String> ids(List<RunManifest.Input> inputs) {
    return inputs.stream().map(RunManifest.Input::ingestionId).sorted().toList();
  }

  private static RunSummary run(String runId, Path lake, List<RunManifest.Input> runInputs, Path output)
      throws IOException {
    return EtlMain.run(SparkTestSession.spark(), new RunManifest(runId, EngineProfile.LOCAL, Optional.empty(),
        lake.toString(), output.toString(), List.of(TENANT), dataThrough, runInputs, timeZones, Map.of(), List.of()));
  }

  /** A fresh lake whose raw zone holds every generated file; runs pick theirs through the manifest. */
  private static Path lakeWithRawZone(String prefix) throws IOException {
    Path lake = SparkTestSession.newTargetDirectory(prefix);
    for (RunManifest.Input input : inputs) {
      Path target = lake.resolve(input.objectKey());
      Files.createDirectories(target.getParent());
      Files.copy(generated.resolve(input.objectKey()), target);
    }
    return lake;
  }

  private static void readFragment(JsonNode fragment) {
    dataThrough = new TreeMap<>();
    fragment.path("dataThroughDates").fields().forEachRemaining(
        entry -> dataThrough.put(entry.getKey(), LocalDate.parse(entry.getValue().asText())));
    timeZones = new TreeMap<>();
    fragment.path("hospitalTimeZones").fields().forEachRemaining(entry -> timeZones.put(entry.getKey(),
        JSON.convertValue(entry.getValue(), JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class))));
    inputs = new ArrayList<>();
    for (JsonNode input : fragment.path("inputs")) {
      inputs.add(new RunManifest.Input(input.path("ingestionId").asText(), input.path("tenantId").asText(),
          input.path("objectKey").asText(), Instant.parse(input.path("receivedAt").asText())));
    }
  }
}
