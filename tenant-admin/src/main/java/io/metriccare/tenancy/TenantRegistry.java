package io.metriccare.tenancy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The tenants of the platform and their status. */
@Repository
public class TenantRegistry {

    private static final Set<TenantStatus> NOT_BEING_DELETED = Set.of(TenantStatus.ACTIVE, TenantStatus.SUSPENDED);

    private final JdbcClient jdbc;

    public TenantRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Tenant create(TenantId id, String name) {
        try {
            return jdbc.sql("INSERT INTO tenant (tenant_id, name) VALUES (?, ?) RETURNING *")
                    .params(id.value(), name)
                    .query(TenantRegistry::tenant)
                    .single();
        } catch (DuplicateKeyException e) {
            throw new TenantAlreadyExistsException(id);
        }
    }

    public Optional<Tenant> find(TenantId id) {
        return jdbc.sql("SELECT * FROM tenant WHERE tenant_id = ?").param(id.value()).query(TenantRegistry::tenant).optional();
    }

    /** The tenant, or {@link UnknownTenantException}. */
    public Tenant require(TenantId id) {
        return find(id).orElseThrow(() -> new UnknownTenantException(id));
    }

    /**
     * The id of an active tenant, from a tenant id as a request gives it: the one check every
     * tenant-scoped endpoint makes first ({@link InvalidTenantIdException}, {@link UnknownTenantException},
     * {@link TenantNotActiveException} when it is suspended, being deleted or deleted).
     */
    public TenantId requireActive(String tenantId) {
        Tenant tenant = require(new TenantId(tenantId));
        if (!tenant.isActive()) {
            throw new TenantNotActiveException("use tenant", tenant.id(), tenant.status());
        }
        return tenant.id();
    }

    /** Every tenant, whatever its status, deleted ones included. */
    public List<Tenant> list() {
        return jdbc.sql("SELECT * FROM tenant ORDER BY tenant_id").query(TenantRegistry::tenant).list();
    }

    public Tenant rename(TenantId id, String name) {
        return jdbc.sql("UPDATE tenant SET name = ? WHERE tenant_id = ? AND status IN ('active', 'suspended') RETURNING *")
                .params(name, id.value())
                .query(TenantRegistry::tenant)
                .optional()
                .orElseThrow(() -> refusal("rename tenant", id));
    }

    /** Refuses the tenant's ingest and queries until it is reactivated; suspending a suspended tenant changes nothing. */
    public Tenant suspend(TenantId id) {
        return transition(id, "suspend tenant", TenantStatus.SUSPENDED, NOT_BEING_DELETED);
    }

    public Tenant reactivate(TenantId id) {
        return transition(id, "reactivate tenant", TenantStatus.ACTIVE, NOT_BEING_DELETED);
    }

    /** The first step of a purge: from now on the tenant is refused like a suspended one, and cannot come back. */
    public Tenant markDeleting(TenantId id) {
        return transition(id, "delete tenant", TenantStatus.DELETING,
                Set.of(TenantStatus.ACTIVE, TenantStatus.SUSPENDED, TenantStatus.DELETING));
    }

    /** The last step of a purge: the row stays as a tombstone. */
    public Tenant markDeleted(TenantId id) {
        return transition(id, "finish deleting tenant", TenantStatus.DELETED, Set.of(TenantStatus.DELETING, TenantStatus.DELETED));
    }

    private Tenant transition(TenantId id, String action, TenantStatus to, Set<TenantStatus> from) {
        return jdbc.sql("UPDATE tenant SET status = ? WHERE tenant_id = ? AND status = ANY (?) RETURNING *")
                .params(to.code(), id.value(), from.stream().map(TenantStatus::code).toArray(String[]::new))
                .query(TenantRegistry::tenant)
                .optional()
                .orElseThrow(() -> refusal(action, id));
    }

    /** Why an update matched no row: the tenant is unknown, or its status forbids the action. */
    private RuntimeException refusal(String action, TenantId id) {
        return new TenantNotActiveException(action, id, require(id).status());
    }

    private static Tenant tenant(ResultSet rs, int row) throws SQLException {
        return new Tenant(new TenantId(rs.getString("tenant_id")), rs.getString("name"), TenantStatus.of(rs.getString("status")),
                rs.getTimestamp("created_at").toInstant());
    }
}
