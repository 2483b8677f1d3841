package io.metriccare.api.etl;

/**
 * Runs the etl-engine job for a manifest, outside this JVM: Spark and Hudi never load into the API.
 * Implementations block until the job ends.
 */
interface EtlEngine {

    String name();

    /** Runs the job; returns normally when it succeeded, throws {@link EngineFailedException} when it did not. */
    void execute(EngineJob job) throws InterruptedException;
}
