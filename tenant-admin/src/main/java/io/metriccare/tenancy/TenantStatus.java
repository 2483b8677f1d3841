package io.metriccare.tenancy;

import java.util.Arrays;
import java.util.Locale;

/**
 * Where a tenant is in its life. Only an active tenant may ingest or be queried; a suspended one can
 * be reactivated; deleting and deleted are one way: the purge runs, then a tombstone keeps the id taken.
 */
public enum TenantStatus {
    ACTIVE("active"),
    SUSPENDED("suspended"),
    /** Its purge has started; it finishes as deleted. */
    DELETING("being deleted"),
    /** Purged; the row stays as a tombstone so the id is never given to another tenant. */
    DELETED("deleted");

    private final String description;

    TenantStatus(String description) {
        this.description = description;
    }

    /** The value stored in {@code tenant.status} and shown by the API. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    String description() {
        return description;
    }

    static TenantStatus of(String code) {
        return Arrays.stream(values()).filter(status -> status.code().equals(code)).findFirst()
                .orElseThrow(() -> new IllegalStateException("Cannot read tenant: unknown status (" + code + ")"));
    }
}
