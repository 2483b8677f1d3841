package io.metriccare.tenancy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The tenants of the platform. */
@Repository
public class TenantRegistry {

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
     * The id of an existing tenant, from a tenant id as a request gives it: the one check every
     * tenant-scoped endpoint makes first ({@link InvalidTenantIdException}, {@link UnknownTenantException}).
     */
    public TenantId requireExisting(String tenantId) {
        return require(new TenantId(tenantId)).id();
    }

    public List<Tenant> list() {
        return jdbc.sql("SELECT * FROM tenant ORDER BY tenant_id").query(TenantRegistry::tenant).list();
    }

    private static Tenant tenant(ResultSet rs, int row) throws SQLException {
        return new Tenant(new TenantId(rs.getString("tenant_id")), rs.getString("name"), rs.getString("status"),
                rs.getTimestamp("created_at").toInstant());
    }
}
