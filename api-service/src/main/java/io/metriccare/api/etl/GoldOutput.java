package io.metriccare.api.etl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import io.metriccare.tenancy.hospital.HospitalSighting;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The publish-ready output an engine run leaves in its output location: KPI facts and hospitals as
 * JSON lines, and the run summary. Read with plain Jackson; no Spark here.
 */
record GoldOutput(List<KpiFact> kpis, List<HospitalSighting> hospitals, String summaryJson) {

    record KpiFact(String tenantId, String hospitalId, String periodGrain, LocalDate periodStart, String measure,
                   long numerator, long denominator, long pending) {
    }

    static GoldOutput read(Path outputLocation, JsonMapper json) {
        Path summary = outputLocation.resolve("summary.json");
        if (!Files.isRegularFile(summary)) {
            throw new EngineFailedException("Cannot publish run: the engine wrote no summary (" + summary + ")");
        }
        try {
            List<KpiFact> kpis = jsonLines(outputLocation.resolve("kpi"), json).map(GoldOutput::kpiFact).toList();
            List<HospitalSighting> hospitals = jsonLines(outputLocation.resolve("hospitals"), json).map(GoldOutput::hospital).toList();
            return new GoldOutput(kpis, hospitals, Files.readString(summary));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read engine output: " + e.getMessage(), e);
        }
    }

    private static Stream<JsonNode> jsonLines(Path directory, JsonMapper json) throws IOException {
        if (!Files.isDirectory(directory)) {
            return Stream.empty();
        }
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> parts = files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
            return parts.stream()
                    .flatMap(part -> lines(part).stream())
                    .filter(line -> !line.isBlank())
                    .map(json::readTree);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KpiFact kpiFact(JsonNode row) {
        return new KpiFact(row.get("tenant_id").asString(), row.get("hospital_id").asString(),
                row.get("period_grain").asString(), LocalDate.parse(row.get("period_start").asString()),
                row.get("measure").asString(), row.get("numerator").asLong(), row.get("denominator").asLong(),
                row.path("pending").asLong(0));
    }

    private static HospitalSighting hospital(JsonNode row) {
        return new HospitalSighting(row.get("tenant_id").asString(), row.get("hospital_id").asString(), text(row, "name"),
                text(row, "ccn"), text(row, "state"));
    }

    private static String text(JsonNode row, String field) {
        JsonNode value = row.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
