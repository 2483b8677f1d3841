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
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Incremental runs over a generated tenant: half the files, then the other half, against one run
 * over everything in a second lake; then the second run again under its own id. The second runs'
 * tenant had its first run's output published, so their lineage output is a delta over it.
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
  /** Earlier than the generated stays' last discharges, so that the second run moves D. */
  private static final LocalDate EARLY_DATA_THROUGH = LocalDate.parse("2024-08-15");
  private static Path restatedLake;
  private static Path restatedOutput;
  private static RunSummary restatedRun;
  private static Path fullOutput;
  private static Path firstOutput;
  private static Path restatedFirstOutput;

  @BeforeAll
  static void runHalfThenRestAndEverythingAtOnce() throws Exception {
    generated = SparkTestSession.newTargetDirectory("incremental-data-");
    GeneratorMain.main(new String[] {"--out", generated.toString(), "--tenants", "1", "--hospitals", "2",
        "--patients", "400", "--from", "2024-01-01", "--to", "2024-12-31", "--seed", "21",
        "--patients-per-bundle", "50", "--tenant-prefix", "incr-"});
    readFragment(JSON.readTree(generated.resolve("manifest-fragment.json").toFile()));
    assertThat(inputs).hasSize(8);

    incrementalLake = lakeWithRawZone("incremental-");
    firstOutput = incrementalLake.resolveSibling(incrementalLake.getFileName() + "-1");
    run("first-half", incrementalLake, inputs.subList(0, 4), firstOutput);
    secondOutput = incrementalLake.resolveSibling(incrementalLake.getFileName() + "-2");
    secondRun = run(new RunManifest("second-half", EngineProfile.LOCAL, Optional.empty(), incrementalLake.toString(),
        secondOutput.toString(), List.of(TENANT), dataThrough, inputs.subList(4, 8), timeZones, Map.of(), List.of(),
        RunManifest.DEFAULT_GLUE_DATABASE, Set.of(TENANT)));

    Path fullLake = lakeWithRawZone("full-");
    fullOutput = fullLake.resolveSibling(fullLake.getFileName() + "-output");
    fullRun = run("everything", fullLake, inputs, fullOutput);

    restatedLake = lakeWithRawZone("restated-");
    restatedFirstOutput = restatedLake.resolveSibling(restatedLake.getFileName() + "-1");
    run(new RunManifest("early-d", EngineProfile.LOCAL, Optional.empty(), restatedLake.toString(),
        restatedFirstOutput.toString(), List.of(TENANT),
        Map.of(TENANT, EARLY_DATA_THROUGH), inputs.subList(0, 4), withOneHospitalIn("Pacific/Auckland"), Map.of(),
        List.of()));
    restatedOutput = restatedLake.resolveSibling(restatedLake.getFileName() + "-2");
    restatedRun = run(new RunManifest("final-d", EngineProfile.LOCAL, Optional.empty(), restatedLake.toString(),
        restatedOutput.toString(), List.of(TENANT), dataThrough, inputs.subList(4, 8), timeZones, Map.of(), List.of(),
        RunManifest.DEFAULT_GLUE_DATABASE, Set.of(TENANT)));
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
    assertSameGold(secondOutput, fullOutput);
    assertSameLineage(firstOutput, secondOutput, fullOutput);
  }

  /**
   * The first run replaces its tenant's whole lineage; the second only the encounters it derived again,
   * the new patients' stays, not the first half's.
   */
  @Test
  void secondRun_outputsOnlyTheLineageItReplaced() {
    assertThat(RunOutputReader.jsonLines(firstOutput.resolve("kpi_lineage_replaced")))
        .singleElement()
        .satisfies(row -> assertThat(row.path("tenant_id").asText()).isEqualTo(TENANT))
        .satisfies(row -> assertThat(row.path("encounter_id").isNull()).isTrue());
    List<JsonNode> replaced = RunOutputReader.jsonLines(secondOutput.resolve("kpi_lineage_replaced"));
    long encountersWithLineage = RunOutputReader.jsonLines(fullOutput.resolve("kpi_lineage")).stream()
        .map(row -> row.path("encounter_id").asText())
        .distinct()
        .count();

    assertThat(replaced).isNotEmpty().allSatisfy(row -> assertThat(row.path("encounter_id").isTextual()).isTrue());
    assertThat(replaced).hasSizeLessThan((int) encountersWithLineage);
    assertThat(RunOutputReader.jsonLines(secondOutput.resolve("kpi_lineage")))
        .isNotEmpty()
        .hasSizeLessThan(RunOutputReader.jsonLines(fullOutput.resolve("kpi_lineage")).size());
  }

  /**
   * The first half derived with an earlier D and another time zone for one hospital: the second run
   * must restate the stays D decides and every stay of that hospital, not only the new patients'.
   */
  @Test
  void movedDataThroughDateAndTimeZone_restateWhatTheyDecide() {
    assertThat(restatedRun.tables()).isEqualTo(fullRun.tables());
    assertSameGold(restatedOutput, fullOutput);
    assertSameLineage(restatedFirstOutput, restatedOutput, fullOutput);
  }

  /** Every output the API replaces whole, row for row. */
  private static void assertSameGold(Path actual, Path expected) {
    for (String output : List.of("kpi", "hai_by_code", "data_quality", "hospitals")) {
      assertThat(RunOutputReader.jsonLines(actual.resolve(output)))
          .as(output)
          .containsExactlyInAnyOrderElementsOf(RunOutputReader.jsonLines(expected.resolve(output)))
          .isNotEmpty();
    }
  }

  /** The lineage served after publishing the first output, then the delta over it, row for row. */
  private static void assertSameLineage(Path first, Path delta, Path expected) {
    assertThat(RunOutputReader.publishedLineage(RunOutputReader.jsonLines(first.resolve("kpi_lineage")), delta))
        .containsExactlyInAnyOrderElementsOf(RunOutputReader.jsonLines(expected.resolve("kpi_lineage")))
        .isNotEmpty();
  }

  private static Map<String, Map<String, String>> withOneHospitalIn(String zone) {
    Map<String, Map<String, String>> zones = new TreeMap<>();
    timeZones.forEach((tenant, hospitals) -> zones.put(tenant, new TreeMap<>(hospitals)));
    Map<String, String> hospitals = zones.get(TENANT);
    hospitals.put(hospitals.keySet().iterator().next(), zone);
    return zones;
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
    return run(new RunManifest(runId, EngineProfile.LOCAL, Optional.empty(),
        lake.toString(), output.toString(), List.of(TENANT), dataThrough, runInputs, timeZones, Map.of(), List.of()));
  }

  private static RunSummary run(RunManifest manifest) throws IOException {
    return EtlMain.run(SparkTestSession.spark(), manifest);
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
