package io.metriccare.ingest.bundle;

/**
 * How the intake treats a tenant's submissions; the tenant's settings decide it.
 *
 * @param acceptValidEntries a Bundle entry with findings is left out and reported, the other entries are
 *                           accepted; otherwise (the default) any finding rejects the whole submission
 * @param instanceValidation each accepted submission is queued for full instance validation off the request path
 */
public record IntakePolicy(boolean acceptValidEntries, boolean instanceValidation) {

    public static final IntakePolicy DEFAULT = new IntakePolicy(false, false);
}
