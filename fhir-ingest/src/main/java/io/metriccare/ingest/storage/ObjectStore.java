package io.metriccare.ingest.storage;

import java.util.List;

/**
 * Object storage for the lake: keys are '/'-separated paths under the lake root. Implementations
 * write whole objects atomically, so a reader never sees a partial object. A failed operation throws
 * {@link java.io.UncheckedIOException} "Cannot &lt;action&gt; object: &lt;reason&gt; (&lt;object&gt;)".
 *
 * <p>A prefix names a "directory": it ends with '/' and, like a key, has no empty, '.' or '..' segment;
 * anything else is an {@link IllegalArgumentException} before any request.
 */
public interface ObjectStore {

    void put(String key, byte[] content);

    byte[] get(String key);

    boolean exists(String key);

    void delete(String key);

    /** The keys of the objects under the prefix, in no particular order. */
    List<String> list(String prefix);

    /** Deletes every object under the prefix and returns how many there were; nothing there is not an error. */
    long deleteAll(String prefix);
}
