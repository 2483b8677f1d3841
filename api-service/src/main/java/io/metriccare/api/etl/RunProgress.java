package io.metriccare.api.etl;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How far a running engine got, read from the lines {@code EtlMain} logs: {@code Run <id>: <n> inputs, ...}
 * when it starts its stages and {@code Stage <name> took <ms> ms} after each. Only the local engine's log
 * carries them (EMR Serverless keeps the driver log in S3), so other engines report no progress.
 *
 * @param stage   the stage under way: the first of the engine's stages not finished, or {@code publish}
 *                (row counts, summary and loading into PostgreSQL) once all are
 * @param percent the share of the engine's stages finished
 */
record RunProgress(String stage, int percent) {

    /** The engine's stages in the order it runs them (etl-engine's {@code EtlMain}). */
    private static final List<String> STAGES = List.of("bronze", "silver", "gold", "quality");
    private static final Pattern STARTED = Pattern.compile(" - Run \\S+: \\d+ inputs, ");
    private static final Pattern FINISHED_STAGE = Pattern.compile(" - Stage (\\w+) took \\d+ ms");

    static Optional<RunProgress> fromEngineLog(Path log) {
        if (!Files.isRegularFile(log)) {
            return Optional.empty();
        }
        boolean started = false;
        Set<String> finished = new HashSet<>();
        try (BufferedReader lines = Files.newBufferedReader(log)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                started |= STARTED.matcher(line).find();
                Matcher stage = FINISHED_STAGE.matcher(line);
                if (stage.find() && STAGES.contains(stage.group(1))) {
                    finished.add(stage.group(1));
                }
            }
        } catch (IOException e) {
            // A log that cannot be read (yet) tells nothing about progress.
            return Optional.empty();
        }
        if (!started) {
            return Optional.empty();
        }
        String current = STAGES.stream().filter(stage -> !finished.contains(stage)).findFirst().orElse("publish");
        return Optional.of(new RunProgress(current, 100 * finished.size() / STAGES.size()));
    }
}
