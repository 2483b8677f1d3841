package io.metriccare.ingest.bundle;

import java.util.Map;

/** What the ledger keeps of a valid submission: its Bundle type and how many resources of each type it holds. */
public record ParsedBundle(String bundleType, Map<String, Integer> resourceCounts) {

    public int resourceCount() {
        return resourceCounts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
