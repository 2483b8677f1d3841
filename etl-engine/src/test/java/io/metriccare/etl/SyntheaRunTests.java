package io.metriccare.etl;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metriccare.etl.lake.EngineProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Synthea's gzip bundles from the shared data directory: the hospital and practitioner batch
 * bundles plus every patient transaction bundle with an inpatient stay, whose encounters point at
 * their hospital only by a conditional {@code Organization?identifier=} reference.
 */
class SyntheaRunTests {

  private static final String TENANT = "synthea";
  private static final Map<String, String> TABLES_BY_TYPE = Map.of(
      "Patient", "bronze/patient",
      "Encounter", "bronze/encounter",
      "Condition", "bronze/condition",
      "Observation", "bronze/observation",
      "Organization", "bronze/organization",
      "Location", "bronze/location",
      "Practitioner", "bronze/practitioner",
      "Procedure", "bronze/procedure");
  private static final Set<String> BRONZE_TYPES = Set.of("Patient", "Encounter", "Condition", "Observation",
      "Organization", "Location", "Practitioner", "Procedure", "QuestionnaireResponse");

  private static List<Path> bundles;
  private static Path lake;
  private static Path outputLocation;
  private static RunSummary summary;

  @BeforeAll
  static void runSyntheaBundles() throws IOException {
    Path synthea = Path.of(System.getProperty("metriccare.shared-data", "../../shared/data")).resolve("synthea-r4");
    assumeTrue(Files.isDirectory(synthea), "Shared Synthea data not found at " + synthea.toAbsolutePath());
    try (Stream<Path> files = Files.list(synthea)) {
      List<Path> all = files.filter(file -> file.toString().endsWith(".json.gz")).sorted().toList();
      bundles = new ArrayList<>(all.stream().filter(file -> file.getFileName().toString().startsWith("0-")).toList());
      // Most Synthea patients only have ambulatory visits; Gold needs inpatient stays to publish.
      bundles.addAll(all.stream().filter(file -> !file.getFileName().toString().startsWith("0-"))
          .filter(SyntheaRunTests::hasInpatientEncounter)
          .toList());
    }
    assumeTrue(bundles.size() > 2, "Expected Synthea information and patient bundles in " + synthea);

    lake = SparkTestSession.newTargetDirectory("synthea-");
    List<RunManifest.Input> inputs = new ArrayList<>();
    for (Path bundle : bundles) {
      String ingestionId = "ingestion-" + inputs.size();
      String objectKey = "raw/tenant=" + TENANT + "/dt=2024-01-05/" + ingestionId + ".json.gz";
      Files.createDirectories(lake.resolve(objectKey).getParent());
      Files.copy(bundle, lake.resolve(objectKey));
      inputs.add(new RunManifest.Input(ingestionId, TENANT, objectKey, Instant.parse("2024-01-05T10:00:00Z")));
    }
    outputLocation = lake.resolveSibling(lake.getFileName() + "-output");
    RunManifest manifest = new RunManifest("synthea-run", EngineProfile.LOCAL, Optional.empty(), lake.toString(),
        outputLocation.toString(), List.of(TENANT), Map.of(), inputs);

    summary = EtlMain.run(SparkTestSession.spark(), manifest);
  }

  @Test
  void bronze_holdsEveryDistinctResourceOfTheBundles() {
    Map<String, Set<String>> idsByTable = new HashMap<>();
    for (Path bundle : bundles) {
      for (JsonNode resource : resources(bundle)) {
        String table = TABLES_BY_TYPE.get(resource.path("resourceType").asText());
        if (table != null) {
          idsByTable.computeIfAbsent(table, name -> new HashSet<>()).add(resource.path("id").asText());
        }
      }
    }

    assertThat(idsByTable).containsOnlyKeys(TABLES_BY_TYPE.values());
    idsByTable.forEach((table, ids) -> assertThat(summary.tables().get(table))
        .as(table).isEqualTo(Map.of(TENANT, (long) ids.size())));
  }

  @Test
  void silver_resolvesTheHospitalAndPatientOfEveryEncounter() {
    Dataset<Row> encounters = SparkTestSession.spark().read().format("hudi")
        .load(lake.resolve("silver/fct_encounter").toString());

    assertThat(encounters.count()).isEqualTo(summary.tables().get("bronze/encounter").get(TENANT));
    assertThat(encounters.filter(col("hospital_id").isNull()).count()).isZero();
    assertThat(encounters.filter(col("patient_id").isNull()).count()).isZero();
  }

  @Test
  void dataQuality_countsWhatTheBundlesHold() {
    long entries = 0;
    long supported = 0;
    Set<String> distinct = new HashSet<>();
    for (Path bundle : bundles) {
      for (JsonNode resource : resources(bundle)) {
        entries++;
        String type = resource.path("resourceType").asText();
        if (BRONZE_TYPES.contains(type)) {
          supported++;
          distinct.add(type + "/" + resource.path("id").asText());
        }
      }
    }
    Map<String, List<Long>> facts = new HashMap<>();
    RunOutputReader.jsonLines(outputLocation.resolve("data_quality")).forEach(row -> facts.put(
        row.path("table_name").asText() + " " + row.path("metric").asText(),
        List.of(row.path("value").asLong(), row.path("total").asLong())));

    assertThat(facts)
        .containsEntry("bronze rejected_entries", List.of(0L, entries))
        .containsEntry("bronze unsupported_entries", List.of(entries - supported, entries))
        .containsEntry("bronze duplicates_removed", List.of(supported - distinct.size(), entries))
        .containsEntry("silver/fct_encounter unresolved_hospital_ref",
            List.of(0L, summary.tables().get("silver/fct_encounter").get(TENANT)));
  }

  @Test
  void gold_publishesKpisForTheSyntheaHospitals() {
    assertThat(summary.tables().get("gold/kpi").get(TENANT)).isPositive();
  }

  @Test
  void gold_equalsAnIndependentComputationOverTheParsedBundles() {
    SyntheaKpiOracle oracle = new SyntheaKpiOracle(bundles.stream().flatMap(bundle -> resources(bundle).stream()).toList());
    assertThat(oracle.uncoveredData()).as("data the independent computation does not cover").isEmpty();

    List<String> engine = RunOutputReader.jsonLines(outputLocation.resolve("kpi")).stream()
        .map(row -> row.path("hospital_id").asText() + " " + row.path("period_grain").asText() + " "
            + row.path("period_start").asText() + " " + row.path("measure").asText() + " = "
            + row.path("numerator").asLong() + "/" + row.path("denominator").asLong() + " pending "
            + row.path("pending").asLong())
        .toList();

    assertThat(engine).as("engine Gold rows (left) vs the independent computation (right)")
        .containsExactlyInAnyOrderElementsOf(oracle.kpiLines())
        // 12 patients' inpatient stays over decades: hundreds of hospital × period × measure rows.
        .hasSizeGreaterThan(100);
  }

  private static boolean hasInpatientEncounter(Path bundle) {
    return resources(bundle).stream().anyMatch(resource -> resource.path("resourceType").asText().equals("Encounter")
        && resource.path("class").path("code").asText().equals("IMP"));
  }

  private static List<JsonNode> resources(Path bundle) {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(bundle))) {
      List<JsonNode> resources = new ArrayList<>();
      new ObjectMapper().readTree(in).path("entry").forEach(entry -> resources.add(entry.path("resource")));
      return resources;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
