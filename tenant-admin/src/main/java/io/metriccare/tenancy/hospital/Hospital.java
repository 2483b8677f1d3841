package io.metriccare.tenancy.hospital;

import java.time.Instant;
import java.util.List;

/**
 * A hospital of a tenant, identified by the logical id of its FHIR Organization.
 *
 * @param timeZone     IANA zone id that dates its stays (KPI-SPEC: hospital-local calendar days)
 * @param editedFields fields a tenant admin set ({@code name}, {@code ccn}, {@code state}, {@code timeZone},
 *                     {@code staffedBeds}); an Organization seen later no longer changes them
 * @param editedAt     when a tenant admin last edited the hospital; null if never
 */
public record Hospital(String tenantId, String hospitalId, String name, String ccn, String state, String timeZone,
                       Integer staffedBeds, Instant firstSeenAt, Instant editedAt, List<String> editedFields) {

    public Hospital {
        editedFields = List.copyOf(editedFields);
    }
}
