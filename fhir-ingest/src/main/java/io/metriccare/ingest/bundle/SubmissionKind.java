package io.metriccare.ingest.bundle;

import java.util.Set;

import org.hl7.fhir.r4.model.Bundle.BundleType;

/** The FHIR interactions that submit data, and the Bundle types each one takes. */
public enum SubmissionKind {

    /** {@code POST [base]}: a transaction or batch Bundle. */
    TRANSACTION(Set.of(BundleType.TRANSACTION, BundleType.BATCH)),

    /** {@code POST [base]/Bundle}: a collection Bundle stored as a resource. */
    COLLECTION(Set.of(BundleType.COLLECTION)),

    /** {@code POST [base]/[type]}: one resource, kept in the raw zone wrapped in a collection Bundle. */
    RESOURCE(Set.of()),

    /** {@code POST [base]/$import}: a batch of NDJSON lines, each resource as received, in a collection Bundle. */
    BULK(Set.of(BundleType.COLLECTION));

    private final Set<BundleType> acceptedTypes;

    SubmissionKind(Set<BundleType> acceptedTypes) {
        this.acceptedTypes = acceptedTypes;
    }

    boolean accepts(BundleType type) {
        return acceptedTypes.contains(type);
    }

    String acceptedTypesText() {
        return acceptedTypes.stream().map(BundleType::toCode).sorted().reduce((a, b) -> a + " or " + b).orElseThrow();
    }
}
