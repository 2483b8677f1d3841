package io.metriccare.api.database;

import jakarta.annotation.PostConstruct;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Refuses to start when the application's database connection could get around row-level security: a
 * superuser or BYPASSRLS role (or a member of one), or a member of the role that owns the protected tables
 * (an owner can switch the policies off), or a role other than the one the migrations grant access to.
 * This is what catches an external database configured with one all-powerful account.
 */
@Component
class ApplicationRoleCheck {

    private record Connected(String role, String bypassingRoles, String owningRoles) {
    }

    private final JdbcClient jdbc;
    private final DatabaseRoleProperties properties;

    ApplicationRoleCheck(JdbcClient jdbc, DatabaseRoleProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @PostConstruct
    void refuseRolesThatBypassRowLevelSecurity() {
        Connected connected = jdbc.sql("""
                        SELECT current_user AS role,
                               (SELECT string_agg(rolname, ', ' ORDER BY rolname) FROM pg_roles
                                WHERE (rolsuper OR rolbypassrls) AND pg_has_role(oid, 'MEMBER')) AS bypassing_roles,
                               (SELECT string_agg(DISTINCT pg_get_userbyid(relowner), ', ') FROM pg_class
                                WHERE relrowsecurity AND pg_has_role(relowner, 'MEMBER')) AS owning_roles
                        """)
                .query((rs, row) -> new Connected(rs.getString("role"), rs.getString("bypassing_roles"), rs.getString("owning_roles")))
                .single();
        if (!connected.role().equals(properties.appRole())) {
            throw new IllegalStateException(("Cannot start: the application connects to the database as %s, but the migrations "
                    + "grant access to metriccare.database.app-role (%s)").formatted(connected.role(), properties.appRole()));
        }
        if (connected.bypassingRoles() != null) {
            throw new IllegalStateException(("Cannot start: the application's database role bypasses row-level security "
                    + "(superuser or BYPASSRLS: %s); connect as a role without either").formatted(connected.bypassingRoles()));
        }
        if (connected.owningRoles() != null) {
            throw new IllegalStateException(("Cannot start: the application's database role may act as the owner of the "
                    + "tenant tables and switch row-level security off (%s); run migrations as the owner and connect as "
                    + "another role").formatted(connected.owningRoles()));
        }
    }
}
