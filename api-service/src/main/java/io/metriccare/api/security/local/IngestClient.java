package io.metriccare.api.security.local;

import java.time.Instant;

/**
 * A machine client with the {@code ingest} role for one tenant; its secret is never kept, only its hash.
 *
 * @param revokedAt when it was revoked (it can get no more tokens); {@code null} while active
 */
public record IngestClient(String clientId, String tenantId, String name, String createdBy, Instant createdAt,
                           Instant secretRotatedAt, Instant revokedAt) {

    public boolean isActive() {
        return revokedAt == null;
    }
}
