package io.metriccare.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metriccare.etl.gold.kpi.KpiValueSets;
import io.metriccare.etl.lake.EngineProfile;
import io.metriccare.generator.GeneratorMain;
import io.metriccare.generator.GeneratorSettings;
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
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generator's plain-Java ground truth against the whole engine: two seeds of 1,000 patients
 * (1 tenant, 3 hospitals in three time zones, 2024), both tenants in one EtlMain run, every Gold
 * row compared per hospital × month and every year row against the sum of its months.
 */
class GeneratorGroundTruthTests {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PATIENTS = 1_000;

  private static Path output;
  private static RunSummary summary;
  private static final Map<Long, JsonNode> EXPECTED = new TreeMap<>();

  @BeforeAll
  static void generateAndRun() throws IOException {
    Path lake = SparkTestSession.newTargetDirectory("generated-");
    List<String> tenants = new ArrayList<>();
    Map<String, LocalDate> dataThrough = new TreeMap<>();
    Map<String, Map<String, String>> timeZones = new TreeMap<>();
    List<RunManifest.Input> inputs = new ArrayList<>();
    for (long seed : new long[] {11, 12}) {
      Path out = lake.resolve("seed-" + seed);
      GeneratorMain.generate(new GeneratorSettings(out, 1, 3, PATIENTS,
          LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31), seed, 500, "seed" + seed + "-"));
      EXPECTED.put(seed, JSON.readTree(out.resolve("expected-kpis.json").toFile()));
      JsonNode fragment = JSON.readTree(out.resolve("manifest-fragment.json").toFile());
      fragment.path("tenants").forEach(tenant -> tenants.add(tenant.asText()));
      fragment.path("dataThroughDates").fields().forEachRemaining(
          entry -> dataThrough.put(entry.getKey(), LocalDate.parse(entry.getValue().asText())));
      fragment.path("hospitalTimeZones").fields().forEachRemaining(entry -> timeZones.put(entry.getKey(),
          JSON.convertValue(entry.getValue(), JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class))));
      for (JsonNode input : fragment.path("inputs")) {
        inputs.add(new RunManifest.Input(input.path("ingestionId").asText() + "-" + seed,
            input.path("tenantId").asText(), "seed-" + seed + "/" + input.path("objectKey").asText(),
            Instant.parse(input.path("receivedAt").asText())));
      }
    }
    output = lake.resolveSibling(lake.getFileName() + "-output");
    // Seed 12's tenant gets value sets of its own (equal to the defaults): Gold then computes the two
    // tenants apart, and both must still match their ground truth.
    summary = EtlMain.run(SparkTestSession.spark(), new RunManifest("generated-run", EngineProfile.LOCAL, Optional.empty(),
        lake.toString(), output.toString(), tenants, dataThrough, inputs, timeZones,
        Map.of("seed12-1", KpiValueSets.platformDefaults()), List.of()));
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12})
  void kpis_equalTheGeneratorsGroundTruth_perHospitalAndMonth(long seed) {
    String tenant = "seed" + seed + "-1";

    assertThat(monthRows(RunOutputReader.jsonLines(output.resolve("kpi")), tenant, GeneratorGroundTruthTests::kpiLine))
        .as("engine kpi rows (left) vs expected-kpis.json (right) for %s", tenant)
        .containsExactlyInAnyOrderElementsOf(monthRows(list(EXPECTED.get(seed).path("kpis")), tenant,
            GeneratorGroundTruthTests::kpiLine))
        // 3 hospitals × 12 months × 4 measures, less the odd month without discharges.
        .hasSizeGreaterThan(100);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12})
  void haiByCode_equalsTheGeneratorsGroundTruth_perHospitalAndMonth(long seed) {
    String tenant = "seed" + seed + "-1";

    assertThat(monthRows(RunOutputReader.jsonLines(output.resolve("hai_by_code")), tenant, GeneratorGroundTruthTests::haiLine))
        .as("engine hai_by_code rows (left) vs expected-kpis.json (right) for %s", tenant)
        .containsExactlyInAnyOrderElementsOf(monthRows(list(EXPECTED.get(seed).path("haiByCode")), tenant,
            GeneratorGroundTruthTests::haiLine))
        .isNotEmpty();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12})
  void yearRows_sumTheExpectedMonths(long seed) {
    String tenant = "seed" + seed + "-1";
    Map<String, long[]> expectedYear = new TreeMap<>();
    for (JsonNode row : EXPECTED.get(seed).path("kpis")) {
      long[] sums = expectedYear.computeIfAbsent(
          row.path("hospital_id").asText() + " " + row.path("measure").asText(), key -> new long[3]);
      sums[0] += row.path("numerator").asLong();
      sums[1] += row.path("denominator").asLong();
      sums[2] += row.path("pending").asLong();
    }
    List<String> engineYear = RunOutputReader.jsonLines(output.resolve("kpi")).stream()
        .filter(row -> row.path("tenant_id").asText().equals(tenant))
        .filter(row -> row.path("period_grain").asText().equals("year"))
        .map(row -> row.path("hospital_id").asText() + " " + row.path("measure").asText() + " = "
            + row.path("numerator").asLong() + "/" + row.path("denominator").asLong() + " pending "
            + row.path("pending").asLong())
        .toList();

    assertThat(engineYear).containsExactlyInAnyOrderElementsOf(expectedYear.entrySet().stream()
        .map(entry -> entry.getKey() + " = " + entry.getValue()[0] + "/" + entry.getValue()[1] + " pending "
            + entry.getValue()[2])
        .toList());
  }

  @Test
  void lineage_sumsToEveryMonthRow() {
    Map<String, long[]> fromLineage = new TreeMap<>();
    for (JsonNode row : RunOutputReader.jsonLines(output.resolve("kpi_lineage"))) {
      long[] sums = fromLineage.computeIfAbsent(monthKey(row), key -> new long[3]);
      sums[0] += row.path("numerator").asLong();
      sums[1] += row.path("denominator").asLong();
      sums[2] += row.path("pending").asLong();
    }
    List<String> kpiMonths = RunOutputReader.jsonLines(output.resolve("kpi")).stream()
        .filter(row -> row.path("period_grain").asText().equals("month"))
        .map(row -> monthKey(row) + " = " + row.path("numerator").asLong() + "/" + row.path("denominator").asLong()
            + " pending " + row.path("pending").asLong())
        .toList();

    assertThat(kpiMonths).hasSizeGreaterThan(200).allSatisfy(line -> {
      long[] sums = fromLineage.get(line.substring(0, line.indexOf(" = ")));
      assertThat(sums).as(line).isNotNull();
      assertThat(line).endsWith(" = " + sums[0] + "/" + sums[1] + " pending " + sums[2]);
    });
  }

  @Test
  void summary_countsTheCommittedHaiByCodeRows_perTenant() {
    Map<String, Long> written = new TreeMap<>();
    RunOutputReader.jsonLines(output.resolve("hai_by_code")).forEach(row -> written.merge(row.path("tenant_id").asText(), 1L, Long::sum));

    assertThat(summary.tables().get("gold/hai_by_code")).isEqualTo(written).containsOnlyKeys("seed11-1", "seed12-1");
  }

  private static List<String> monthRows(List<JsonNode> rows, String tenant, Function<JsonNode, String> line) {
    return rows.stream()
        .filter(row -> row.path("tenant_id").asText().equals(tenant))
        .filter(row -> row.path("period_grain").asText().equals("month"))
        .map(line)
        .sorted()
        .toList();
  }

  private static String monthKey(JsonNode row) {
    return row.path("tenant_id").asText() + " " + row.path("hospital_id").asText() + " "
        + row.path("period_start").asText() + " " + row.path("measure").asText();
  }

  private static String kpiLine(JsonNode row) {
    return row.path("hospital_id").asText() + " " + row.path("period_start").asText() + " "
        + row.path("measure").asText() + " = " + row.path("numerator").asLong() + "/"
        + row.path("denominator").asLong() + " pending " + row.path("pending").asLong();
  }

  private static String haiLine(JsonNode row) {
    return row.path("hospital_id").asText() + " " + row.path("period_start").asText() + " "
        + row.path("code_system").asText() + "|" + row.path("code").asText() + " = " + row.path("events").asLong();
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> rows = new ArrayList<>();
    array.forEach(rows::add);
    return rows;
  }
}
