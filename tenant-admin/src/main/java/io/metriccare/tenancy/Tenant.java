package io.metriccare.tenancy;

import java.time.Instant;

public record Tenant(TenantId id, String name, TenantStatus status, Instant createdAt) {

    public boolean isActive() {
        return status == TenantStatus.ACTIVE;
    }
}
