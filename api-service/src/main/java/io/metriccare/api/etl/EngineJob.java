package io.metriccare.api.etl;

import java.nio.file.Path;
import java.util.UUID;

/** One engine execution: the manifest it reads and the directory its log and output go to. */
record EngineJob(UUID runId, Path manifest, Path runDir) {

    Path log() {
        return runDir.resolve("engine.log");
    }

    /** Where the run's output is once the engine succeeded, whichever engine wrote it. */
    Path output() {
        return runDir.resolve("output");
    }
}
