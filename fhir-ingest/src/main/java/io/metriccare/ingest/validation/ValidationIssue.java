package io.metriccare.ingest.validation;

/**
 * One finding of the instance validator.
 *
 * @param severity    {@code fatal}, {@code error}, {@code warning} or {@code information}
 * @param messageId   the validator's id of the rule, e.g. {@code http://hl7.org/fhir/StructureDefinition/Observation#obs-6}
 * @param diagnostics the validator's message
 * @param location    the FHIRPath of the element at fault, in the stored object
 */
public record ValidationIssue(String severity, String messageId, String diagnostics, String location) {

    /** The issue of a resource validated on its own, located in the Bundle entry it came from: {@code Patient.name} → {@code <entry>.name}. */
    ValidationIssue relocatedTo(String entryPath) {
        if (location == null) {
            return new ValidationIssue(severity, messageId, diagnostics, entryPath);
        }
        int typeEnd = location.indexOf('.');
        return new ValidationIssue(severity, messageId, diagnostics, typeEnd < 0 ? entryPath : entryPath + location.substring(typeEnd));
    }
}
