package io.metriccare.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.function.Predicate;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A resource sent again: the version with the later {@code meta.lastUpdated} wins in Bronze, and
 * Silver and Gold follow it, whichever arrives last. Encounter E4 of the KPI-SPEC §7 fixture (the
 * one death, in March) is marked {@code entered-in-error}, then an older version arrives late; at last
 * every encounter is withdrawn, which leaves the tenant no KPI row at all.
 */
class ResourceVersionTests {

  private static final Path FIXTURE = Path.of("../api-service/src/main/resources/demo/kpi-spec-section7-h1.json");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TENANT = "versions";
  private static final Map<String, LocalDate> DATA_THROUGH = Map.of(TENANT, LocalDate.of(2024, 7, 31));

  private static Path lake;
  private static Path original;
  private static Path corrected;
  private static Path afterStale;
  private static Path allWithdrawn;

  @BeforeAll
  static void sendE4ThreeTimes() throws IOException {
    lake = SparkTestSession.newTargetDirectory("versions-");
    original = run("original", Files.readString(FIXTURE), "2024-07-31T10:00:00Z");
    corrected = run("corrected", bundleWithE4("entered-in-error", "2024-08-01T00:00:00Z"), "2024-08-01T10:00:00Z");
    afterStale = run("stale", bundleWithE4("finished", "2024-07-15T00:00:00Z"), "2024-08-02T10:00:00Z");
    allWithdrawn = run("withdrawn", bundleWithEncounters(id -> true, "entered-in-error", "2024-08-03T00:00:00Z"),
        "2024-08-03T10:00:00Z");
  }

  @Test
  void laterVersion_replacesTheEncounterInSilverAndGold() {
    assertThat(mortality(original, "month", "2024-03-01")).containsExactly(1L, 1L);

    assertThat(e4Status()).isEqualTo("entered-in-error");
    assertThat(mortality(corrected, "month", "2024-03-01")).as("March had only E4").isEmpty();
    assertThat(mortality(corrected, "year", "2024-01-01")).as("7 discharges less E4, no other death")
        .containsExactly(0L, 6L);
  }

  @Test
  void olderVersionArrivingLate_doesNotWin() {
    assertThat(RunOutputReader.jsonLines(afterStale.resolve("kpi")))
        .containsExactlyInAnyOrderElementsOf(RunOutputReader.jsonLines(corrected.resolve("kpi")));
  }

  @Test
  void everyEncounterWithdrawn_leavesTheTenantNoKpiRows() {
    assertThat(RunOutputReader.jsonLines(afterStale.resolve("kpi"))).isNotEmpty();

    assertThat(RunOutputReader.jsonLines(allWithdrawn.resolve("kpi"))).isEmpty();
  }

  private static String e4Status() {
    Row row = SparkTestSession.spark().read().format("hudi").load(lake.resolve("silver/fct_encounter").toString())
        .filter("encounter_id = 'E4'").select("status").first();
    return row.getString(0);
  }

  /** Numerator and denominator of H1's mortality in the period, if a row exists. */
  private static List<Long> mortality(Path output, String grain, String periodStart) {
    return RunOutputReader.jsonLines(output.resolve("kpi")).stream()
        .filter(row -> row.path("measure").asText().equals("mortality")
            && row.path("period_grain").asText().equals(grain)
            && row.path("period_start").asText().equals(periodStart))
        .flatMap(row -> List.of(row.path("numerator").asLong(), row.path("denominator").asLong()).stream())
        .toList();
  }

  /** A transaction with only E4, in the given status and version time. */
  private static String bundleWithE4(String status, String lastUpdated) throws IOException {
    return bundleWithEncounters("E4"::equals, status, lastUpdated);
  }

  /** A transaction with only the fixture's encounters whose id passes, in the given status and version time. */
  private static String bundleWithEncounters(Predicate<String> ids, String status, String lastUpdated)
      throws IOException {
    ObjectNode bundle = (ObjectNode) JSON.readTree(FIXTURE.toFile());
    List<JsonNode> encounters = new ArrayList<>();
    for (JsonNode entry : bundle.path("entry")) {
      JsonNode resource = entry.path("resource");
      if (resource.path("resourceType").asText().equals("Encounter") && ids.test(resource.path("id").asText())) {
        ObjectNode version = entry.deepCopy();
        ((ObjectNode) version.path("resource")).put("status", status).putObject("meta").put("lastUpdated", lastUpdated);
        encounters.add(version);
      }
    }
    bundle.putArray("entry").addAll(encounters);
    return JSON.writeValueAsString(bundle);
  }

  private static Path run(String runId, String bundle, String receivedAt) throws IOException {
    String objectKey = "raw/tenant=" + TENANT + "/dt=2024-08-01/" + runId + ".json";
    Files.createDirectories(lake.resolve(objectKey).getParent());
    Files.writeString(lake.resolve(objectKey), bundle);
    Path output = lake.resolveSibling(lake.getFileName() + "-" + runId);
    EtlMain.run(SparkTestSession.spark(), new RunManifest(runId, EngineProfile.LOCAL, Optional.empty(),
        lake.toString(), output.toString(), List.of(TENANT), DATA_THROUGH,
        List.of(new RunManifest.Input(runId, TENANT, objectKey, Instant.parse(receivedAt)))));
    return output;
  }
}
