package io.metriccare.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.metriccare.etl.lake.EngineProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A run that purges a tenant: its partitions leave every lake table, its neighbour's stay as they were. */
class EtlMainPurgeTests {

  private static final Path FIXTURE = Path.of("../api-service/src/main/resources/demo/kpi-spec-section7-h1.json");
  private static final String PURGED = "north";
  private static final String KEPT = "south";

  private static Path lake;
  private static RunSummary beforePurge;
  private static RunSummary purge;
  private static Path purgeOutput;

  @BeforeAll
  static void loadTwoTenantsThenPurgeOne() throws Exception {
    lake = SparkTestSession.newTargetDirectory("purge-");
    List<RunManifest.Input> inputs = List.of(input(PURGED), input(KEPT));
    beforePurge = EtlMain.run(SparkTestSession.spark(), new RunManifest("load-run", EngineProfile.LOCAL, Optional.empty(),
        lake.toString(), lake.resolveSibling(lake.getFileName() + "-load").toString(), List.of(PURGED, KEPT), Map.of(),
        inputs));

    purgeOutput = lake.resolveSibling(lake.getFileName() + "-purge");
    purge = EtlMain.run(SparkTestSession.spark(), purgeManifest("purge-run", purgeOutput));
  }

  @Test
  void purge_reportsPerTableTheRowsTheTenantHad() {
    assertThat(purge.purged().keySet()).containsExactlyElementsOf(beforePurge.tables().keySet());
    beforePurge.tables().forEach((table, rowsByTenant) ->
        assertThat(purge.purged().get(table)).as(table).isEqualTo(Map.of(PURGED, rowsByTenant.getOrDefault(PURGED, 0L))));
    assertThat(purge.purged().get("bronze/encounter")).isEqualTo(Map.of(PURGED, 9L));
  }

  @Test
  void purge_leavesNoRowOfTheTenant_andTheOtherTenantsRowsAsTheyWere() {
    beforePurge.tables().forEach((table, rowsByTenant) -> {
      assertThat(purge.tables().get(table)).as(table).doesNotContainKey(PURGED);
      assertThat(purge.tables().get(table).get(KEPT)).as(table).isEqualTo(rowsByTenant.get(KEPT));
    });
  }

  @Test
  void purge_removesTheTenantsDataFilesFromStorage_notOnlyFromTheSnapshot() throws IOException {
    try (Stream<Path> files = Files.walk(lake)) {
      List<Path> dataFiles = files.filter(Files::isRegularFile).filter(file -> file.toString().endsWith(".parquet")).toList();
      assertThat(dataFiles).filteredOn(file -> file.toString().contains("/tenant_id=" + PURGED + "/")).isEmpty();
      assertThat(dataFiles).filteredOn(file -> file.toString().contains("/tenant_id=" + KEPT + "/")).isNotEmpty();
    }
  }

  @Test
  void purgeOnlyRun_writesASummaryButNoKpiOutput() {
    assertThat(RunOutputReader.summary(purgeOutput).path("stages").findValuesAsText("name")).containsExactly("purge");
    assertThat(purgeOutput.resolve("kpi")).doesNotExist();
  }

  @Test
  void purgingAgain_removesNothing_andSucceeds() throws Exception {
    RunSummary again = EtlMain.run(SparkTestSession.spark(),
        purgeManifest("purge-again", lake.resolveSibling(lake.getFileName() + "-purge-again")));

    assertThat(again.purged().values()).allSatisfy(rows -> assertThat(rows).isEqualTo(Map.of(PURGED, 0L)));
    assertThat(again.tables()).isEqualTo(purge.tables());
  }

  private static RunManifest purgeManifest(String runId, Path output) {
    return new RunManifest(runId, EngineProfile.LOCAL, Optional.empty(), lake.toString(), output.toString(), List.of(),
        Map.of(), List.of(), Map.of(), Map.of(), List.of(PURGED));
  }

  private static RunManifest.Input input(String tenant) throws IOException {
    String objectKey = "raw/tenant=" + tenant + "/dt=2024-07-31/ingestion-" + tenant + ".json";
    Files.createDirectories(lake.resolve(objectKey).getParent());
    Files.copy(FIXTURE, lake.resolve(objectKey));
    return new RunManifest.Input("ingestion-" + tenant, tenant, objectKey, Instant.parse("2024-07-31T10:00:00Z"));
  }
}
