package io.metriccare.ingest.bundle;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One finding about a submission, in FHIR's terms: an {@code OperationOutcome.issue.code}
 * (e.g. {@code structure}, {@code invalid}, {@code value}), a message and, where known, the
 * FHIRPath of the element at fault.
 */
public record SubmissionIssue(String code, String diagnostics, String location) {

    private static final Pattern IN_ENTRY = Pattern.compile("Bundle\\.entry\\[(\\d+)](?:[.\\[].*)?");

    /** The index of the Bundle entry the finding is inside ({@code Bundle.entry[i]...}); empty for Bundle-level findings. */
    public OptionalInt entryIndex() {
        Matcher entry = location == null ? null : IN_ENTRY.matcher(location);
        return entry != null && entry.matches() ? OptionalInt.of(Integer.parseInt(entry.group(1))) : OptionalInt.empty();
    }
}
