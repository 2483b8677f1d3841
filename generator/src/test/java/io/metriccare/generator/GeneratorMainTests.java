package io.metriccare.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class GeneratorMainTests {

  @Test
  void generate_writesTheSameBytesForTheSameSeed_andDifferentOnesForAnother() throws Exception {
    Path first = generate(42, 120);
    Path again = generate(42, 120);
    Path other = generate(43, 120);

    for (String file : List.of("raw/tenant=tenant-1/dt=2024-12-31/bundle-00001.json", "expected-kpis.json")) {
      assertThat(Files.readAllBytes(again.resolve(file))).as(file).isEqualTo(Files.readAllBytes(first.resolve(file)));
      assertThat(Files.readAllBytes(other.resolve(file))).as(file).isNotEqualTo(Files.readAllBytes(first.resolve(file)));
    }
  }

  @Test
  void generate_writesOneTransactionBundlePer50PatientsOfEachTenant_withEveryKindOfCase() throws Exception {
    Path out = generate(7, 120);
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> resources = new ArrayList<>();
    try (Stream<Path> files = Files.walk(out.resolve("raw"))) {
      for (Path bundle : files.filter(Files::isRegularFile).sorted().toList()) {
        JsonNode parsed = json.readTree(bundle.toFile());
        assertThat(parsed.path("type").asText()).isEqualTo("transaction");
        parsed.path("entry").forEach(entry -> resources.add(entry.path("resource")));
      }
    }
    List<String> texts = resources.stream().map(JsonNode::toString).toList();

    assertThat(out.resolve("raw/tenant=tenant-1/dt=2024-12-31")).isDirectoryContaining("glob:**/bundle-00003.json");
    assertThat(out.resolve("raw/tenant=tenant-2/dt=2024-12-31")).isDirectoryContaining("glob:**/bundle-00006.json");
    assertThat(texts).anyMatch(text -> text.contains("\"system\":\"http://www.cms.gov/CCN\""))
        .anyMatch(text -> text.contains("\"code\":\"hosp-trans\""))
        .anyMatch(text -> text.contains("\"code\":\"exp\""))
        .anyMatch(text -> text.contains("\"code\":\"aadvice\""))
        .anyMatch(text -> text.contains("\"code\":\"419620001\""))
        .anyMatch(text -> text.contains("deceasedDateTime"))
        .anyMatch(text -> text.contains("\"status\":\"in-progress\""))
        .anyMatch(text -> text.contains("\"code\":\"refuted\""))
        .anyMatch(text -> text.contains("+02:00\""))
        .anyMatch(text -> text.contains("-05:00\""));
    assertThat(json.readTree(out.resolve("expected-kpis.json").toFile()).path("kpis").size()).isPositive();
  }

  @Test
  void parse_rejectsAnOptionWithoutValue() {
    assertThatThrownBy(() -> GeneratorMain.parse(new String[] {"--out", "/tmp/x", "--patients"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot start generator: expected --name value pairs (--out /tmp/x --patients)");
  }

  private static Path generate(long seed, int patients) throws Exception {
    Path out = Files.createTempDirectory(Files.createDirectories(Path.of("target", "generated")), "seed-" + seed + "-");
    GeneratorMain.generate(GeneratorMain.parse(new String[] {
        "--out", out.toString(), "--tenants", "2", "--hospitals", "3", "--patients", String.valueOf(patients),
        "--from", "2024-01-01", "--to", "2024-12-31", "--seed", String.valueOf(seed), "--patients-per-bundle", "50"}));
    return out;
  }
}
