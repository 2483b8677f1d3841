package io.metriccare.api.audit;

import java.time.Instant;
import java.util.List;

/**
 * One call of the API, as the audit log keeps it.
 *
 * @param eventId        the log's sequence number; null until recorded
 * @param tenantId       whose data the call addressed; null for platform calls
 * @param subject        who called: the authenticated principal; null for anonymous calls
 * @param clientId       the OAuth client the caller used, when known
 * @param callerTenantId the caller's own tenant (its token's), when known
 * @param roles          the caller's roles, when known
 * @param path           the request path with its query
 * @param endpoint       the route pattern that served the call, e.g. {@code /api/v1/metrics/hospitals/{hospitalId}}
 * @param resource       what the call touched, e.g. {@code kpi:hospital/H1}, {@code ingestion:<id>}, {@code bundle}
 * @param status         the outcome: the HTTP status answered
 */
public record AuditEvent(Long eventId, Instant occurredAt, String tenantId, String subject, String clientId, String callerTenantId,
                         List<String> roles, String method, String path, String endpoint, String resource, int status) {
}
