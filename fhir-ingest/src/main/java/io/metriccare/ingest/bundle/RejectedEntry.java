package io.metriccare.ingest.bundle;

import java.util.List;

/**
 * A Bundle entry left out of an accepted submission (policy {@code accept-valid-entries}).
 *
 * @param index        the entry's position in the Bundle as received ({@code Bundle.entry[index]})
 * @param resourceType the entry's resource type, when it has a resource
 * @param resourceId   the resource's id, when it has one of valid syntax
 * @param issues       every finding inside the entry, with FHIRPath locations in the Bundle as received
 */
public record RejectedEntry(int index, String resourceType, String resourceId, List<SubmissionIssue> issues) {

    public RejectedEntry {
        issues = List.copyOf(issues);
    }

    public String location() {
        return "Bundle.entry[%d]".formatted(index);
    }
}
