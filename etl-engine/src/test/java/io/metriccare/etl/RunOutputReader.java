package io.metriccare.etl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Reads a run's outputs the way api-service does: plain Jackson over the JSON-lines part files. */
public final class RunOutputReader {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RunOutputReader() {}

  public static List<JsonNode> jsonLines(Path directory) {
    List<JsonNode> rows = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path part : files.filter(file -> file.getFileName().toString().startsWith("part-")).sorted().toList()) {
        for (String line : Files.readAllLines(part)) {
          if (!line.isBlank()) {
            rows.add(JSON.readTree(line));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /**
   * The lineage a reader holding {@code published} serves after applying the run's output: the rows
   * {@code kpi_lineage_replaced} names give way to the run's {@code kpi_lineage} rows.
   */
  public static List<JsonNode> publishedLineage(List<JsonNode> published, Path output) {
    Set<String> wholeTenants = new HashSet<>();
    Set<List<String>> replacedEncounters = new HashSet<>();
    for (JsonNode replaced : jsonLines(output.resolve("kpi_lineage_replaced"))) {
      if (replaced.path("encounter_id").isNull()) {
        wholeTenants.add(replaced.path("tenant_id").asText());
      } else {
        replacedEncounters.add(List.of(replaced.path("tenant_id").asText(), replaced.path("encounter_id").asText()));
      }
    }
    List<JsonNode> lineage = new ArrayList<>(published.stream()
        .filter(row -> !wholeTenants.contains(row.path("tenant_id").asText()))
        .filter(row -> !replacedEncounters.contains(
            List.of(row.path("tenant_id").asText(), row.path("encounter_id").asText())))
        .toList());
    lineage.addAll(jsonLines(output.resolve("kpi_lineage")));
    return lineage;
  }

  public static JsonNode summary(Path outputLocation) {
    try {
      return JSON.readTree(outputLocation.resolve("summary.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
