package io.metriccare.ingest.bundle;

import java.util.List;
import java.util.Map;

/**
 * What the ledger keeps of a valid submission: its Bundle type and how many resources of each type it
 * holds, not counting the entries that were left out of it.
 */
public record ParsedBundle(String bundleType, Map<String, Integer> resourceCounts, List<RejectedEntry> rejectedEntries) {

    public ParsedBundle {
        rejectedEntries = List.copyOf(rejectedEntries);
    }

    public int resourceCount() {
        return resourceCounts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
