package io.metriccare.api.etl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import io.metriccare.tenancy.hospital.HospitalSighting;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The publish-ready output an engine run leaves in its output location: KPI facts, their lineage (whole, or only
 * what the run replaced), HAI events per code and hospitals as JSON lines, and the run summary. Read with plain
 * Jackson; no Spark here.
 */
record GoldOutput(List<KpiFact> kpis, List<LineageMember> lineage, List<ReplacedLineage> replacedLineage,
                  List<HaiEventCount> haiEventCounts, List<HospitalSighting> hospitals, String summaryJson) {

    record KpiFact(String tenantId, String hospitalId, String periodGrain, LocalDate periodStart, String measure,
                   long numerator, long denominator, long pending) {
    }

    /** What one encounter, from the submission its winning version came from, contributes to a month's KPI row. */
    record LineageMember(String tenantId, String hospitalId, LocalDate periodStart, String measure, String encounterId,
                         UUID ingestionId, long numerator, long denominator, long pending) {
    }

    /** Published lineage that gives way to the run's: the encounter's rows, or every row of the tenant when encounterId is null. */
    record ReplacedLineage(String tenantId, String encounterId) {
    }

    /** KPI-SPEC §3: the hai_rate numerator's events of a period that matched one value-set code. */
    record HaiEventCount(String tenantId, String hospitalId, String periodGrain, LocalDate periodStart, String codeSystem,
                         String code, long events) {
    }

    static GoldOutput read(Path outputLocation, JsonMapper json) {
        Path summary = outputLocation.resolve("summary.json");
        if (!Files.isRegularFile(summary)) {
            throw new EngineFailedException("Cannot publish run: the engine wrote no summary (" + summary + ")");
        }
        try {
            List<KpiFact> kpis = jsonLines(outputLocation.resolve("kpi"), json).map(GoldOutput::kpiFact).toList();
            List<LineageMember> lineage = jsonLines(outputLocation.resolve("kpi_lineage"), json).map(GoldOutput::lineageMember).toList();
            List<ReplacedLineage> replacedLineage = jsonLines(outputLocation.resolve("kpi_lineage_replaced"), json)
                    .map(row -> new ReplacedLineage(row.get("tenant_id").asString(), text(row, "encounter_id")))
                    .toList();
            List<HaiEventCount> haiEventCounts = jsonLines(outputLocation.resolve("hai_by_code"), json).map(GoldOutput::haiEventCount).toList();
            List<HospitalSighting> hospitals = jsonLines(outputLocation.resolve("hospitals"), json).map(GoldOutput::hospital).toList();
            return new GoldOutput(kpis, lineage, replacedLineage, haiEventCounts, hospitals, Files.readString(summary));
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

    private static LineageMember lineageMember(JsonNode row) {
        return new LineageMember(row.get("tenant_id").asString(), row.get("hospital_id").asString(),
                LocalDate.parse(row.get("period_start").asString()), row.get("measure").asString(),
                row.get("encounter_id").asString(), UUID.fromString(row.get("ingestion_id").asString()),
                row.get("numerator").asLong(), row.get("denominator").asLong(), row.path("pending").asLong(0));
    }

    private static HaiEventCount haiEventCount(JsonNode row) {
        return new HaiEventCount(row.get("tenant_id").asString(), row.get("hospital_id").asString(),
                row.get("period_grain").asString(), LocalDate.parse(row.get("period_start").asString()),
                row.get("code_system").asString(), row.get("code").asString(), row.get("events").asLong());
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
