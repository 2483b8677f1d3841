package io.metriccare.tenancy;

/** A second tenant with an existing id; callers answer it as a conflict. */
public class TenantAlreadyExistsException extends RuntimeException {

    public TenantAlreadyExistsException(TenantId tenantId) {
        super("Cannot create tenant: a tenant with this id already exists (%s)".formatted(tenantId));
    }
}
