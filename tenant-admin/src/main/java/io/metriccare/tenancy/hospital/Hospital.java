package io.metriccare.tenancy.hospital;

/** A hospital of a tenant, identified by the logical id of its FHIR Organization. */
public record Hospital(String tenantId, String hospitalId, String name, String ccn, String state, String timeZone) {
}
