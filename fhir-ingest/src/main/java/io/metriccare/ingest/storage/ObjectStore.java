package io.metriccare.ingest.storage;

/**
 * Object storage for the lake: keys are '/'-separated paths under the lake root. Implementations
 * write whole objects atomically, so a reader never sees a partial object. A failed operation throws
 * {@link java.io.UncheckedIOException} "Cannot &lt;action&gt; object: &lt;reason&gt; (&lt;object&gt;)".
 */
public interface ObjectStore {

    void put(String key, byte[] content);

    byte[] get(String key);

    boolean exists(String key);

    void delete(String key);
}
