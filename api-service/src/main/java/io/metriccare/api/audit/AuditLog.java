package io.metriccare.api.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.database.DatabaseTenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The append-only {@code audit_event} table: calls are added, never changed (V10). */
@Repository
public class AuditLog {

    private final JdbcClient jdbc;
    private final DatabaseTenantScope databaseScope;

    AuditLog(JdbcClient jdbc, DatabaseTenantScope databaseScope) {
        this.jdbc = jdbc;
        this.databaseScope = databaseScope;
    }

    /**
     * Adds the event in the scope of its own tenant (platform scope for platform calls), whatever the scope of
     * the caller: it is system work about that tenant, and row-level security admits the row only there.
     */
    public void record(AuditEvent event) {
        Runnable insert = () -> jdbc.sql("""
                        INSERT INTO audit_event (occurred_at, tenant_id, subject, client_id, caller_tenant_id, roles, method, path,
                                                 endpoint, resource, status)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(Timestamp.from(event.occurredAt()), event.tenantId(), event.subject(), event.clientId(),
                        event.callerTenantId(), event.roles().toArray(String[]::new), event.method(), event.path(),
                        event.endpoint(), event.resource(), event.status())
                .update();
        if (event.tenantId() == null) {
            databaseScope.runAsPlatform(insert);
        } else {
            databaseScope.runAs(new TenantId(event.tenantId()), insert);
        }
    }

    /**
     * Events newest first, of one tenant or (tenant null) of all, filtered by time when given; in the caller's
     * database scope, so a tenant-scoped caller sees its tenant's events only.
     */
    List<AuditEvent> find(TenantId tenant, Instant from, Instant to, int limit) {
        String tenantId = tenant == null ? null : tenant.value();
        return jdbc.sql("""
                        SELECT * FROM audit_event
                        WHERE (CAST(? AS varchar) IS NULL OR tenant_id = ?)
                          AND (CAST(? AS timestamptz) IS NULL OR occurred_at >= ?) AND (CAST(? AS timestamptz) IS NULL OR occurred_at < ?)
                        ORDER BY occurred_at DESC, event_id DESC
                        LIMIT ?
                        """)
                .params(tenantId, tenantId, timestamp(from), timestamp(from), timestamp(to), timestamp(to), limit)
                .query(AuditLog::event)
                .list();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static AuditEvent event(ResultSet rs, int row) throws SQLException {
        return new AuditEvent(
                rs.getLong("event_id"),
                rs.getTimestamp("occurred_at").toInstant(),
                rs.getString("tenant_id"),
                rs.getString("subject"),
                rs.getString("client_id"),
                rs.getString("caller_tenant_id"),
                Arrays.asList((String[]) rs.getArray("roles").getArray()),
                rs.getString("method"),
                rs.getString("path"),
                rs.getString("endpoint"),
                rs.getString("resource"),
                rs.getInt("status"));
    }
}
