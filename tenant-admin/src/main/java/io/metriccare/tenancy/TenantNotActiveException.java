package io.metriccare.tenancy;

/**
 * The tenant exists but its status does not allow the action: suspended, being deleted or deleted.
 * Callers answer it as a conflict whose problem type names the status ({@link #problemType()}).
 */
public class TenantNotActiveException extends RuntimeException {

    private final TenantStatus status;

    public TenantNotActiveException(String action, TenantId tenantId, TenantStatus status) {
        super("Cannot %s: the tenant is %s (%s)".formatted(action, status.description(), tenantId));
        this.status = status;
    }

    public TenantStatus status() {
        return status;
    }

    /** {@code tenant-suspended}, {@code tenant-deleting} or {@code tenant-deleted}. */
    public String problemType() {
        return "tenant-" + status.code();
    }
}
