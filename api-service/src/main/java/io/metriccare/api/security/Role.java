package io.metriccare.api.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The roles of DESIGN.md; what each may do is in {@link Permissions}. */
public enum Role {
    /** Tenants and reference data; every endpoint, for every tenant. */
    PLATFORM_ADMIN,
    /** Its tenant's hospitals, ingest clients, settings and ledger. */
    TENANT_ADMIN,
    /** A hospital's machine client: submits data for its tenant. */
    INGEST,
    /** KPIs, benchmarks, reports, alerts, data quality and audit log of its tenant. */
    COMPLIANCE_OFFICER,
    /** KPIs and drill-down of its tenant. */
    CLINICIAN;

    /** The role as tokens and the README write it: {@code platform_admin}, {@code tenant_admin}, ... */
    public String claimValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role a token claim value names; values that name no role are ignored, not guessed at. */
    public static Optional<Role> fromClaimValue(String value) {
        return Arrays.stream(values()).filter(role -> role.claimValue().equals(value)).findFirst();
    }
}
