package io.metriccare.etl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

  public static JsonNode summary(Path outputLocation) {
    try {
      return JSON.readTree(outputLocation.resolve("summary.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
