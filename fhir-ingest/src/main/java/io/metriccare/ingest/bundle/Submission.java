package io.metriccare.ingest.bundle;

/**
 * One submission as received.
 *
 * @param json           the FHIR JSON (decompressed when it arrived gzip-encoded)
 * @param gzipped        the bytes as received when they were gzip-encoded, else null; stored as they came
 * @param resourceType   for {@code POST [base]/[type]}: the type in the path; null for Bundle submissions
 * @param idempotencyKey the client's {@code Idempotency-Key}, if any
 * @param policy         the tenant's intake policy
 */
public record Submission(String tenantId, byte[] json, byte[] gzipped, SubmissionKind kind, String resourceType,
                         String idempotencyKey, IntakePolicy policy) {

    public static Submission bundle(String tenantId, byte[] json, SubmissionKind kind, IntakePolicy policy) {
        return new Submission(tenantId, json, null, kind, null, null, policy);
    }
}
