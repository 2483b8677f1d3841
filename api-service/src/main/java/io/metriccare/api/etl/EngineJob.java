package io.metriccare.api.etl;

import java.nio.file.Path;
import java.util.UUID;

/** One engine execution: the manifest it reads and the directory its log goes to. */
record EngineJob(UUID runId, Path manifest, Path runDir) {

    Path log() {
        return runDir.resolve("engine.log");
    }
}
