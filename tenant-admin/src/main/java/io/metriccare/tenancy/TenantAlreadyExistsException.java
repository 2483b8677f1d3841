package io.metriccare.tenancy;

/** A second tenant with the id of an existing or deleted one; callers answer it as a conflict. */
public class TenantAlreadyExistsException extends RuntimeException {

    public TenantAlreadyExistsException(TenantId tenantId) {
        super("Cannot create tenant: a tenant with this id exists or existed; tenant ids are never reused (%s)".formatted(tenantId));
    }
}
