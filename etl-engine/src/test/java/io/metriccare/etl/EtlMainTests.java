package io.metriccare.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metriccare.etl.lake.EngineProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The KPI-SPEC §7 worked fixture, run through the whole engine: Bronze, Silver, Gold, outputs. */
class EtlMainTests {

  private static final Path FIXTURE = Path.of("../api-service/src/main/resources/demo/kpi-spec-section7-h1.json");
  private static final String TENANT = "north";
  private static final LocalDate HALF_YEAR_START = LocalDate.of(2024, 1, 1);
  private static final LocalDate HALF_YEAR_END = LocalDate.of(2024, 7, 1);
  private static final Set<String> INPATIENT_CLASSES = Set.of("IMP", "ACUTE", "NONAC");

  private static Path lake;
  private static Path output;
  private static RunSummary summary;

  @BeforeAll
  static void runFixture() throws Exception {
    assertThat(FIXTURE).as("KPI-SPEC §7 fixture shipped by api-service").exists();
    lake = SparkTestSession.newTargetDirectory("section7-");
    String objectKey = "raw/tenant=north/dt=2024-07-31/ingestion-1.json";
    Files.createDirectories(lake.resolve(objectKey).getParent());
    Files.copy(FIXTURE, lake.resolve(objectKey));
    output = lake.resolveSibling(lake.getFileName() + "-output");
    RunManifest manifest = new RunManifest(
        "section7-run", EngineProfile.LOCAL, Optional.empty(), lake.toString(), output.toString(),
        List.of(TENANT), Map.of(TENANT, LocalDate.of(2024, 7, 31)),
        List.of(new RunManifest.Input("ingestion-1", TENANT, objectKey, Instant.parse("2024-07-31T10:00:00Z"))));

    summary = EtlMain.run(SparkTestSession.spark(), manifest);
  }

  @Test
  void section7_mortalityIsOneDeathInSevenDischarges() {
    assertThat(halfYearTotals("mortality")).containsExactly(1L, 7L);
  }

  @Test
  void section7_readmissionIsOneInFiveIndexStays() {
    assertThat(halfYearTotals("readmission_30d")).containsExactly(1L, 5L);
  }

  @Test
  void section7_alosAndPatientDaysFollowTheSection4Rules() throws Exception {
    long losDays = 0;
    long qualifyingStays = 0;
    long patientDays = 0;
    for (JsonNode entry : new ObjectMapper().readTree(FIXTURE.toFile()).path("entry")) {
      JsonNode encounter = entry.path("resource");
      if (!encounter.path("resourceType").asText().equals("Encounter")
          || !INPATIENT_CLASSES.contains(encounter.path("class").path("code").asText())
          || !encounter.path("status").asText().equals("finished")) {
        continue;
      }
      LocalDate admit = utcDate(encounter.path("period").path("start").asText());
      LocalDate discharge = utcDate(encounter.path("period").path("end").asText());
      if (!discharge.isBefore(HALF_YEAR_START) && discharge.isBefore(HALF_YEAR_END)) {
        losDays += Math.max(1, ChronoUnit.DAYS.between(admit, discharge));
        qualifyingStays++;
      }
      LocalDate lastCensusDay = discharge.isAfter(admit) ? discharge.minusDays(1) : admit;
      patientDays += admit.datesUntil(lastCensusDay.plusDays(1))
          .filter(day -> !day.isBefore(HALF_YEAR_START) && day.isBefore(HALF_YEAR_END))
          .count();
    }

    assertThat(halfYearTotals("alos")).containsExactly(losDays, qualifyingStays);
    assertThat(halfYearTotals("hai_rate")).containsExactly(0L, patientDays);
  }

  @Test
  void run_writesHospitalsWithCcnAndState() {
    assertThat(RunOutputReader.jsonLines(output.resolve("hospitals"))).singleElement().satisfies(hospital -> {
      assertThat(hospital.path("hospital_id").asText()).isEqualTo("H1");
      assertThat(hospital.path("ccn").asText()).isEqualTo("220071");
      assertThat(hospital.path("state").asText()).isEqualTo("MA");
    });
  }

  @Test
  void run_summaryCountsRowsReadBackFromTheCommittedTables() {
    JsonNode written = RunOutputReader.summary(output);

    assertThat(written.path("runId").asText()).isEqualTo("section7-run");
    assertThat(written.path("inputs").asInt()).isEqualTo(1);
    assertThat(written.path("stages").findValuesAsText("name")).containsExactly("bronze", "silver", "gold", "quality");
    assertThat(summary.tables().get("bronze/encounter")).isEqualTo(Map.of(TENANT, 9L));
    assertThat(summary.tables().get("bronze/patient")).isEqualTo(Map.of(TENANT, 6L));
    assertThat(summary.tables().get("bronze/organization")).isEqualTo(Map.of(TENANT, 1L));
    assertThat(summary.tables().get("silver/fct_encounter")).isEqualTo(Map.of(TENANT, 9L));
    assertThat(written.path("tables").path("gold/kpi").path(TENANT).asLong())
        .isEqualTo(RunOutputReader.jsonLines(output.resolve("kpi")).size());
  }

  @Test
  void lineage_namesTheSection7EncountersOfEachSide() {
    List<JsonNode> lineage = RunOutputReader.jsonLines(output.resolve("kpi_lineage"));

    assertThat(encounters(lineage, "readmission_30d", "numerator")).containsExactly("E1");
    assertThat(encounters(lineage, "readmission_30d", "denominator")).containsExactly("E1", "E2", "E5", "E6", "E8");
    assertThat(encounters(lineage, "mortality", "numerator")).containsExactly("E4");
    assertThat(encounters(lineage, "mortality", "denominator"))
        .containsExactly("E1", "E2", "E3", "E4", "E5", "E6", "E8");
    assertThat(lineage).extracting(row -> row.path("ingestion_id").asText()).containsOnly("ingestion-1");
  }

  @Test
  void run_logsTheFileItLoaded() {
    Row log = SparkTestSession.spark().read().format("hudi").load(lake.resolve("bronze/ingestion_log").toString())
        .select("ingestion_id", "run_id", "entries", "loaded", "rejected", "unsupported").first();

    // The fixture: 6 patients, 9 encounters, 1 organization; nothing Bronze cannot key or store.
    assertThat(List.of(log.getString(0), log.getString(1), log.getLong(2), log.getLong(3), log.getLong(4), log.getLong(5)))
        .containsExactly("ingestion-1", "section7-run", 16L, 16L, 0L, 0L);
  }

  @Test
  void run_writesDataQualityFacts() {
    Map<String, List<Long>> facts = new TreeMap<>();
    RunOutputReader.jsonLines(output.resolve("data_quality")).forEach(row -> facts.put(
        row.path("table_name").asText() + " " + row.path("metric").asText(),
        List.of(row.path("value").asLong(), row.path("total").asLong())));

    assertThat(facts)
        .containsEntry("silver/fct_encounter rows", List.of(9L, 9L))
        .containsEntry("silver/fct_encounter null_hospital_id", List.of(0L, 9L))
        .containsEntry("silver/fct_encounter unresolved_patient_ref", List.of(0L, 9L))
        .containsEntry("bronze rejected_entries", List.of(0L, 16L))
        .containsEntry("bronze duplicates_removed", List.of(0L, 16L));
  }

  @Test
  void rerun_withoutInputs_recomputesTheSameKpisFromBronze() throws Exception {
    Path rerunOutput = lake.resolveSibling(lake.getFileName() + "-rerun-output");
    RunManifest rerun = new RunManifest(
        "section7-rerun", EngineProfile.LOCAL, Optional.empty(), lake.toString(), rerunOutput.toString(),
        List.of(TENANT), Map.of(TENANT, LocalDate.of(2024, 7, 31)), List.of());

    RunSummary again = EtlMain.run(SparkTestSession.spark(), rerun);

    assertThat(again.inputs()).isZero();
    assertThat(again.tables().get("bronze/encounter")).isEqualTo(Map.of(TENANT, 9L));
    assertThat(RunOutputReader.jsonLines(rerunOutput.resolve("kpi")))
        .containsExactlyInAnyOrderElementsOf(RunOutputReader.jsonLines(output.resolve("kpi")));
  }

  /** The encounters counted on one side of a measure in H1's first half of 2024, sorted. */
  private static List<String> encounters(List<JsonNode> lineage, String measure, String side) {
    return lineage.stream()
        .filter(row -> row.path("hospital_id").asText().equals("H1") && row.path("measure").asText().equals(measure))
        .filter(row -> LocalDate.parse(row.path("period_start").asText()).isBefore(HALF_YEAR_END))
        .filter(row -> row.path(side).asLong() > 0)
        .map(row -> row.path("encounter_id").asText())
        .sorted()
        .toList();
  }

  /** Numerator and denominator summed over the months January to June 2024 of hospital H1. */
  private static List<Long> halfYearTotals(String measure) {
    long numerator = 0;
    long denominator = 0;
    for (JsonNode row : RunOutputReader.jsonLines(output.resolve("kpi"))) {
      LocalDate periodStart = LocalDate.parse(row.path("period_start").asText());
      if (row.path("hospital_id").asText().equals("H1")
          && row.path("measure").asText().equals(measure)
          && row.path("period_grain").asText().equals("month")
          && !periodStart.isBefore(HALF_YEAR_START) && periodStart.isBefore(HALF_YEAR_END)) {
        numerator += row.path("numerator").asLong();
        denominator += row.path("denominator").asLong();
      }
    }
    return List.of(numerator, denominator);
  }

  private static LocalDate utcDate(String instant) {
    return Instant.parse(instant).atZone(ZoneOffset.UTC).toLocalDate();
  }
}
