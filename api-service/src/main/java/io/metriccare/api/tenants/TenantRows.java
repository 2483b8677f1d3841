package io.metriccare.api.tenants;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.metriccare.tenancy.TenantId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A tenant's rows in PostgreSQL: every base table of the schema with a {@code tenant_id} column, found
 * in information_schema when the purge runs, so tables added by later migrations are purged too.
 * Children go before their parents (foreign keys among those tables). The purge's own bookkeeping
 * ({@code tenant}, {@code tenant_purge}) and the configured retained tables are left alone.
 */
@Component
class TenantRows {

    private static final Set<String> PURGE_BOOKKEEPING = Set.of("tenant", "tenant_purge");

    private final JdbcClient jdbc;
    private final TenantPurgeProperties properties;

    TenantRows(JdbcClient jdbc, TenantPurgeProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** Deletes the tenant's rows table by table; the caller's transaction makes it all or nothing. */
    Map<String, Long> delete(TenantId tenant) {
        Map<String, Long> removed = new LinkedHashMap<>();
        // Client credentials are keyed by client, not tenant: the tenant's machine clients lose theirs
        // before their ingest_client rows go, so no token is ever issued for a purged tenant.
        removed.put("oauth2_registered_client", (long) jdbc.sql(
                "DELETE FROM oauth2_registered_client WHERE client_id IN (SELECT client_id FROM ingest_client WHERE tenant_id = ?)")
                .param(tenant.value()).update());
        for (String table : tablesChildrenFirst()) {
            removed.put(table, (long) jdbc.sql("DELETE FROM " + quoted(table) + " WHERE tenant_id = ?").param(tenant.value()).update());
        }
        return removed;
    }

    private List<String> tablesChildrenFirst() {
        Set<String> remaining = new TreeSet<>(jdbc.sql("""
                        SELECT c.table_name FROM information_schema.columns c
                        JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                        WHERE c.table_schema = current_schema() AND c.column_name = 'tenant_id' AND t.table_type = 'BASE TABLE'
                        """)
                .query(String.class)
                .list());
        remaining.removeAll(PURGE_BOOKKEEPING);
        remaining.removeAll(properties.retainedTables());
        Map<String, Set<String>> childrenOf = new HashMap<>();
        jdbc.sql("""
                        SELECT DISTINCT tc.table_name AS child, ccu.table_name AS parent
                        FROM information_schema.table_constraints tc
                        JOIN information_schema.constraint_column_usage ccu
                          ON ccu.constraint_schema = tc.constraint_schema AND ccu.constraint_name = tc.constraint_name
                        WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()
                        """)
                .query(rs -> {
                    if (!rs.getString("child").equals(rs.getString("parent"))) {
                        childrenOf.computeIfAbsent(rs.getString("parent"), parent -> new HashSet<>()).add(rs.getString("child"));
                    }
                });
        List<String> order = new ArrayList<>();
        while (!remaining.isEmpty()) {
            // A cycle has no table without remaining children: take one anyway and let PostgreSQL judge.
            String next = remaining.stream()
                    .filter(table -> childrenOf.getOrDefault(table, Set.of()).stream().noneMatch(remaining::contains))
                    .findFirst()
                    .orElse(remaining.iterator().next());
            order.add(next);
            remaining.remove(next);
        }
        return order;
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
