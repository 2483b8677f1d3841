package io.metriccare.etl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metriccare.etl.gold.kpi.KpiValueSets;
import io.metriccare.etl.lake.EngineProfile;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunManifestTests {

  private static final String CONTRACT_EXAMPLE = """
      {
        "runId": "0c6f0000-0000-0000-0000-000000000001",
        "profile": "local",
        "sparkMaster": "local[*]",
        "lakeRoot": "/abs/path/lake",
        "outputLocation": "/abs/path/runs/0c6f/output",
        "tenants": ["north", "south"],
        "dataThroughDates": {"north": "2024-07-31"},
        "inputs": [ {"ingestionId": "i-1", "tenantId": "north",
                     "objectKey": "raw/tenant=north/dt=2024-01-05/i-1.json",
                     "receivedAt": "2024-01-05T10:00:00Z"} ]
      }
      """;

  @Test
  void parse_readsTheApiServiceContract() throws Exception {
    RunManifest manifest = RunManifest.parse(new ObjectMapper().readTree(CONTRACT_EXAMPLE));

    assertThat(manifest.profile()).isEqualTo(EngineProfile.LOCAL);
    assertThat(manifest.sparkMaster()).contains("local[*]");
    assertThat(manifest.tenants()).containsExactly("north", "south");
    assertThat(manifest.dataThroughDates()).isEqualTo(Map.of("north", LocalDate.of(2024, 7, 31)));
    assertThat(manifest.inputs()).singleElement().satisfies(input -> {
      assertThat(input.objectKey()).isEqualTo("raw/tenant=north/dt=2024-01-05/i-1.json");
      assertThat(input.receivedAt()).isEqualTo(Instant.parse("2024-01-05T10:00:00Z"));
    });
  }

  @Test
  void parse_leavesMasterUnsetWhenAbsent_soEmrChoosesIt() throws Exception {
    RunManifest manifest = RunManifest.parse(new ObjectMapper().readTree(
        "{\"runId\":\"r\",\"profile\":\"aws\",\"lakeRoot\":\"s3a://lake\",\"outputLocation\":\"s3a://out\"}"));

    assertThat(manifest.profile()).isEqualTo(EngineProfile.AWS);
    assertThat(manifest.sparkMaster()).isEmpty();
    assertThat(manifest.inputs()).isEmpty();
  }

  @Test
  void recomputedTenants_includesTenantsThatOnlyHaveInputs() throws Exception {
    RunManifest manifest = RunManifest.parse(new ObjectMapper().readTree(
        CONTRACT_EXAMPLE.replace("\"tenants\": [\"north\", \"south\"]", "\"tenants\": [\"south\"]")));

    assertThat(manifest.recomputedTenants()).containsExactly("south", "north");
  }

  @Test
  void parse_rejectsMissingRunId() {
    assertThatThrownBy(() -> RunManifest.parse(new ObjectMapper().readTree(
            "{\"lakeRoot\":\"/l\",\"outputLocation\":\"/o\"}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read manifest: missing field (runId)");
  }

  @Test
  void parse_rejectsTenantIdsThatCouldEscapeTheirPartition() {
    assertThatThrownBy(() -> RunManifest.parse(new ObjectMapper().readTree(
            CONTRACT_EXAMPLE.replace("\"south\"", "\"../south\""))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read manifest: invalid tenant id (../south)");
  }

  @Test
  void parse_readsHospitalTimeZones_perTenantAndHospital() throws Exception {
    RunManifest manifest = RunManifest.parse(new ObjectMapper().readTree(CONTRACT_EXAMPLE.replace("\"inputs\"",
        "\"hospitalTimeZones\": {\"north\": {\"H1\": \"Europe/Berlin\"}}, \"inputs\"")));

    assertThat(manifest.hospitalTimeZones()).isEqualTo(Map.of("north", Map.of("H1", "Europe/Berlin")));
  }

  @Test
  void parse_rejectsAnUnknownTimeZone() {
    assertThatThrownBy(() -> RunManifest.parse(new ObjectMapper().readTree(CONTRACT_EXAMPLE.replace("\"inputs\"",
            "\"hospitalTimeZones\": {\"north\": {\"H1\": \"Mars/Olympus\"}}, \"inputs\""))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read manifest: hospitalTimeZones.north.H1 is not a time zone id (Mars/Olympus)");
  }

  @Test
  void parse_mergesTenantValueSetsOverThePlatformDefaults() throws Exception {
    RunManifest manifest = RunManifest.parse(new ObjectMapper().readTree(CONTRACT_EXAMPLE.replace("\"inputs\"", """
        "valueSets": {"north": {
          "inpatientClasses": ["IMP"],
          "transferDispositions": ["http://terminology.hl7.org/CodeSystem/discharge-disposition|hosp",
                                   "http://terminology.hl7.org/CodeSystem/discharge-disposition|other-hcf",
                                   "http://www.nubc.org/patient-discharge|2"],
          "haiCodes": [{"system": "http://snomed.info/sct", "code": "68566005", "type": "uti"}]}},
        "inputs\"""")));

    KpiValueSets defaults = KpiValueSets.platformDefaults();
    KpiValueSets north = manifest.valueSets().get("north");
    assertThat(manifest.valueSets()).containsOnlyKeys("north");
    assertThat(north.inpatientClasses()).containsExactly("IMP");
    assertThat(north.transferToAcute().hl7()).containsExactlyInAnyOrder("hosp", "other-hcf");
    assertThat(north.transferToAcute().nubc()).containsExactly("02");
    assertThat(north.hai()).containsExactly(
        new KpiValueSets.HaiCode("http://snomed.info/sct", "68566005", false, "uti", false));
    assertThat(north.expired()).isEqualTo(defaults.expired());
    assertThat(north.deathCodes()).isEqualTo(defaults.deathCodes());
  }

  @Test
  void parse_rejectsAnUnknownValueSet() {
    assertThatThrownBy(() -> RunManifest.parse(new ObjectMapper().readTree(CONTRACT_EXAMPLE.replace("\"inputs\"",
            "\"valueSets\": {\"north\": {\"haiCode\": []}}, \"inputs\""))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read manifest: unknown value set (valueSets.north.haiCode)");
  }

  @Test
  void parse_readsPurgeTenants() throws Exception {
    RunManifest manifest = RunManifest.parse(new ObjectMapper().readTree(
        "{\"runId\":\"r\",\"lakeRoot\":\"/l\",\"outputLocation\":\"/o\",\"purgeTenants\":[\"north\"]}"));

    assertThat(manifest.purgeTenants()).containsExactly("north");
    assertThat(manifest.recomputedTenants()).isEmpty();
  }

  @Test
  void parse_rejectsPurgeTenantIdsThatCouldEscapeTheirPartition() {
    assertThatThrownBy(() -> RunManifest.parse(new ObjectMapper().readTree(
            "{\"runId\":\"r\",\"lakeRoot\":\"/l\",\"outputLocation\":\"/o\",\"purgeTenants\":[\"*\"]}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read manifest: invalid tenant id (*)");
  }

  @Test
  void parse_rejectsATenantThatIsBothPurgedAndRecomputed() {
    assertThatThrownBy(() -> RunManifest.parse(new ObjectMapper().readTree(
            CONTRACT_EXAMPLE.replace("\"tenants\": [\"north\", \"south\"]", "\"tenants\": [\"south\"], \"purgeTenants\": [\"north\"]"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read manifest: tenants are both purged and recomputed ([north])");
  }

  @Test
  void parse_rejectsAnInputOutsideItsTenantsRawPartition() {
    for (String objectKey : List.of("raw/tenant=south/dt=2024-01-05/i-1.json", "raw/tenant=north/../tenant=south/i-1.json",
        "raw/tenant=north/tenant=south/i-1.json", "/raw/tenant=north/i-1.json", "raw/i-1.json")) {
      assertThatThrownBy(() -> RunManifest.parse(new ObjectMapper().readTree(
              CONTRACT_EXAMPLE.replace("raw/tenant=north/dt=2024-01-05/i-1.json", objectKey))))
          .as(objectKey)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Cannot read manifest: objectKey is not in the raw partition of tenant north (" + objectKey + ")");
    }
  }

  @Test
  void parse_syncsToTheMetriccareGlueDatabase_unlessTheManifestNamesOne() throws Exception {
    RunManifest unnamed = RunManifest.parse(new ObjectMapper().readTree(CONTRACT_EXAMPLE));
    RunManifest named = RunManifest.parse(new ObjectMapper().readTree(
        CONTRACT_EXAMPLE.replace("\"inputs\"", "\"glueDatabase\": \"quality_lake\", \"inputs\"")));

    assertThat(unnamed.glueDatabase()).isEqualTo("metriccare");
    assertThat(named.glueDatabase()).isEqualTo("quality_lake");
  }

  @Test
  void parse_rejectsAGlueDatabaseNameGlueWouldNotKeep() {
    assertThatThrownBy(() -> RunManifest.parse(new ObjectMapper().readTree(
            CONTRACT_EXAMPLE.replace("\"inputs\"", "\"glueDatabase\": \"Quality-Lake\", \"inputs\""))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read manifest: glueDatabase is not a Glue database name (Quality-Lake)");
  }

  @Test
  void parse_readsLineageDeltaTenants_noneWhenAbsent() throws Exception {
    RunManifest unnamed = RunManifest.parse(new ObjectMapper().readTree(CONTRACT_EXAMPLE));
    RunManifest named = RunManifest.parse(new ObjectMapper().readTree(
        CONTRACT_EXAMPLE.replace("\"inputs\"", "\"lineageDeltaTenants\": [\"south\"], \"inputs\"")));

    assertThat(unnamed.lineageDeltaTenants()).isEmpty();
    assertThat(named.lineageDeltaTenants()).containsExactly("south");
  }

  @Test
  void parse_rejectsLineageDeltaTenantsTheRunDoesNotRecompute() {
    assertThatThrownBy(() -> RunManifest.parse(new ObjectMapper().readTree(
            CONTRACT_EXAMPLE.replace("\"inputs\"", "\"lineageDeltaTenants\": [\"west\"], \"inputs\""))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read manifest: lineageDeltaTenants are not recomputed ([west])");
  }
}
