package io.metriccare.tenancy;

import java.time.Instant;

public record Tenant(TenantId id, String name, String status, Instant createdAt) {
}
