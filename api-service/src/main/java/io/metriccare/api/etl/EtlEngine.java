package io.metriccare.api.etl;

/**
 * Runs the etl-engine job for a manifest, outside this JVM: Spark and Hudi never load into the API.
 * {@code metriccare.etl.engine} selects the one implementation in the context. Implementations block
 * until the job ends.
 */
interface EtlEngine {

    /** The job's entry point in the etl-engine jar. */
    String MAIN_CLASS = "io.metriccare.etl.EtlMain";

    String name();

    /** Where the job of {@code job} runs and what it reads and writes, as its manifest must name them. */
    EngineTarget target(EngineJob job);

    /**
     * Runs the job; returns normally when it succeeded and its output is in {@link EngineJob#output()},
     * throws {@link EngineFailedException} when it did not. When interrupted, stops the job before
     * throwing {@link InterruptedException}, so that no later run writes the lake beside it.
     */
    void execute(EngineJob job) throws InterruptedException;
}
