package io.metriccare.tenancy;

/** The tenant does not exist; callers answer it as not found. */
public class UnknownTenantException extends RuntimeException {

    public UnknownTenantException(TenantId tenantId) {
        super("Cannot find tenant: no tenant has this id (%s)".formatted(tenantId));
    }
}
