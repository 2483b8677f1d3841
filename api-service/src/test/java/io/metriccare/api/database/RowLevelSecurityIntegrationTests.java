package io.metriccare.api.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.metriccare.api.ApiIntegrationTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

import static io.metriccare.api.database.DatabaseConnections.count;
import static io.metriccare.api.database.DatabaseConnections.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The database wall of tenant isolation (V9), proven with plain JDBC connections as the application's role:
 * with tenant A set, tenant B's rows can be neither read nor written on any table that holds tenant data,
 * even by statements that name B outright.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RowLevelSecurityIntegrationTests extends ApiIntegrationTest {

    private static final String A = "rls-a";
    private static final String B = "rls-b";
    private static final String RLS_VIOLATION = "violates row-level security policy";

    @Autowired
    private EmbeddedPostgres postgres;

    @Autowired
    private DatabaseRoleProperties roles;

    private DatabaseConnections connections;
    private List<String> tenantTables;

    @BeforeAll
    void seedTwoTenantsInEveryTenantTable() throws SQLException {
        connections = new DatabaseConnections(postgres, roles);
        try (Connection owner = connections.owner()) {
            for (String tenant : List.of(A, B)) {
                String run = tenant.equals(A) ? "00000000-0000-0000-0000-00000000000a" : "00000000-0000-0000-0000-00000000000b";
                update(owner, "INSERT INTO tenant (tenant_id, name) VALUES ('%s', 'RLS %s')".formatted(tenant, tenant));
                update(owner, "INSERT INTO hospital (tenant_id, hospital_id, name) VALUES ('%s', 'h1', 'Hospital')".formatted(tenant));
                update(owner, """
                        INSERT INTO ingestion (ingestion_id, tenant_id, received_at, submission_kind, bundle_type, object_key, sha256,
                                               size_bytes, resource_count, resource_counts, status)
                        VALUES ('%s', '%s', now(), 'transaction', 'transaction', 'raw/tenant=%s/x.json', repeat('0', 64), 1, 1, '{}', 'processed')
                        """.formatted(run, tenant, tenant));
                update(owner, "INSERT INTO ingestion_rejected_entry (ingestion_id, tenant_id, entry_index, issues) VALUES ('%s', '%s', 0, '[]')"
                        .formatted(run, tenant));
                update(owner, "INSERT INTO instance_validation (ingestion_id, tenant_id, queued_at) VALUES ('%s', '%s', now())"
                        .formatted(run, tenant));
                update(owner, "INSERT INTO tenant_settings (tenant_id) VALUES ('%s')".formatted(tenant));
                update(owner, "INSERT INTO ingest_client (client_id, tenant_id, name, created_by, created_at) VALUES ('%s-ingest', '%s', 'c', 'seed', now())"
                        .formatted(tenant, tenant));
                update(owner, "INSERT INTO tenant_purge (tenant_id, status, requested_at, steps) VALUES ('%s', 'completed', now(), '[]')"
                        .formatted(tenant));
                update(owner, """
                        INSERT INTO tenant_webhook (webhook_id, tenant_id, url, secret, event_types, created_at)
                        VALUES ('%s', '%s', 'https://example.org/hook', 'whsec_seed', '{run.succeeded}', now())
                        """.formatted(run, tenant));
                update(owner, "INSERT INTO bulk_import_job (job_id, tenant_id, status, received_at) VALUES ('%s', '%s', 'completed', now())"
                        .formatted(run, tenant));
                update(owner, "INSERT INTO etl_run (run_id, tenant_ids, engine, status, requested_at) VALUES ('%s', '{%s}', 'local', 'succeeded', now())"
                        .formatted(run, tenant));
                update(owner, """
                        INSERT INTO kpi_result (tenant_id, hospital_id, period_grain, period_start, measure, numerator, denominator, run_id)
                        VALUES ('%s', 'h1', 'month', '2024-01-01', 'mortality', 1, 10, '%s')
                        """.formatted(tenant, run));
                update(owner, """
                        INSERT INTO kpi_lineage (tenant_id, hospital_id, period_start, measure, encounter_id, ingestion_id,
                                                 numerator, denominator, run_id)
                        VALUES ('%s', 'h1', '2024-01-01', 'mortality', 'e1', '%s', 1, 1, '%s')
                        """.formatted(tenant, run, run));
                update(owner, """
                        INSERT INTO hai_event_count (tenant_id, hospital_id, period_grain, period_start, code_system, code, events, run_id)
                        VALUES ('%s', 'h1', 'month', '2024-01-01', 'http://snomed.info/sct', '68566005', 1, '%s')
                        """.formatted(tenant, run));
                update(owner, "INSERT INTO audit_event (occurred_at, tenant_id, method, path, status) VALUES (now(), '%s', 'GET', '/seed', 200)"
                        .formatted(tenant));
            }
            tenantTables = strings(owner, """
                    SELECT table_name FROM information_schema.columns
                    WHERE table_schema = current_schema() AND column_name = 'tenant_id'
                    ORDER BY table_name
                    """);
            for (String table : tenantTables) {
                assertThat(count(owner, "SELECT count(*) FROM %s WHERE tenant_id = '%s'".formatted(table, A)))
                        .as("seed rows of tenant A in " + table + " (add them above for a new tenant table)").isPositive();
                assertThat(count(owner, "SELECT count(*) FROM %s WHERE tenant_id = '%s'".formatted(table, B)))
                        .as("seed rows of tenant B in " + table).isPositive();
            }
        }
    }

    @Test
    void applicationRole_isNoSuperuser_hasNoBypassRls_andOwnsNothing() throws SQLException {
        try (Connection owner = connections.owner();
             PreparedStatement role = owner.prepareStatement("""
                     SELECT rolsuper, rolbypassrls, rolcanlogin,
                            (SELECT count(*) FROM pg_class WHERE relowner = pg_roles.oid) AS owned
                     FROM pg_roles WHERE rolname = ?
                     """)) {
            role.setString(1, connections.appRole());
            try (ResultSet rs = role.executeQuery()) {
                assertThat(rs.next()).as("role %s exists", connections.appRole()).isTrue();
                assertThat(rs.getBoolean("rolsuper")).isFalse();
                assertThat(rs.getBoolean("rolbypassrls")).isFalse();
                assertThat(rs.getBoolean("rolcanlogin")).isTrue();
                assertThat(rs.getLong("owned")).isZero();
            }
        }
        try (Connection application = connections.application()) {
            assertThat(strings(application, "SELECT current_user")).containsExactly(connections.appRole());
        }
    }

    @Test
    void everyTableWithATenantIdColumn_hasRowLevelSecurityEnabledAndForced_withAPolicy() throws SQLException {
        try (Connection owner = connections.owner()) {
            List<String> unprotected = strings(owner, """
                    SELECT c.relname FROM information_schema.columns col
                    JOIN pg_class c ON c.relname = col.table_name AND c.relnamespace = col.table_schema::regnamespace
                    WHERE col.table_schema = current_schema() AND col.column_name = 'tenant_id'
                      AND NOT (c.relrowsecurity AND c.relforcerowsecurity
                               AND EXISTS (SELECT 1 FROM pg_policies p WHERE p.schemaname = col.table_schema AND p.tablename = c.relname))
                    """);

            assertThat(tenantTables).contains("tenant", "hospital", "ingestion", "bulk_import_job", "kpi_result", "kpi_lineage",
                    "hai_event_count", "audit_event");
            assertThat(unprotected).as("tenant tables without row-level security enabled, forced and with a policy").isEmpty();
        }
    }

    @Test
    void tenantA_readsNoRowOfTenantB_evenWhenNamingB() throws SQLException {
        try (Connection asA = connections.application(A, "")) {
            for (String table : tenantTables) {
                assertThat(count(asA, "SELECT count(*) FROM %s WHERE tenant_id = '%s'".formatted(table, B))).as(table).isZero();
                assertThat(count(asA, "SELECT count(*) FROM %s WHERE tenant_id <> '%s'".formatted(table, A))).as(table).isZero();
                assertThat(count(asA, "SELECT count(*) FROM %s WHERE tenant_id = '%s'".formatted(table, A))).as(table).isPositive();
            }
        }
    }

    @Test
    void tenantA_cannotInsertARowOfTenantB() throws SQLException {
        try (Connection owner = connections.owner(); Connection asA = connections.application(A, "")) {
            for (String table : tenantTables) {
                String rowOfB = strings(owner, "SELECT to_jsonb(t)::text FROM %s t WHERE tenant_id = '%s' LIMIT 1".formatted(table, B)).get(0);
                assertThatThrownBy(() -> insertJson(asA, table, rowOfB)).as(table).isInstanceOf(SQLException.class)
                        .hasMessageContaining(RLS_VIOLATION);
            }
            asA.setAutoCommit(false);
            assertThat(update(asA, "INSERT INTO hospital (tenant_id, hospital_id) VALUES ('%s', 'h-own')".formatted(A)))
                    .as("tenant A may write its own rows").isEqualTo(1);
            asA.rollback();
        }
    }

    @Test
    void tenantA_updatesAndDeletesNoRowOfTenantB_andCannotMoveItsRowsToB() throws SQLException {
        try (Connection owner = connections.owner(); Connection asA = connections.application(A, "")) {
            asA.setAutoCommit(false);
            for (String table : tablesTheApplicationMay("UPDATE")) {
                assertThat(update(asA, "UPDATE %s SET tenant_id = tenant_id WHERE tenant_id = '%s'".formatted(table, B))).as(table).isZero();
                assertThatThrownBy(() -> update(asA, "UPDATE %s SET tenant_id = '%s' WHERE tenant_id = '%s'".formatted(table, B, A)))
                        .as(table).hasMessageContaining(RLS_VIOLATION);
                asA.rollback();
            }
            for (String table : tablesTheApplicationMay("DELETE")) {
                assertThat(update(asA, "DELETE FROM %s WHERE tenant_id = '%s'".formatted(table, B))).as(table).isZero();
            }
            asA.rollback();
            for (String table : tenantTables) {
                assertThat(count(owner, "SELECT count(*) FROM %s WHERE tenant_id = '%s'".formatted(table, B))).as(table).isPositive();
            }
        }
    }

    @Test
    void withoutATenantSetting_theApplicationRoleSeesAndWritesNothing() throws SQLException {
        try (Connection unset = connections.application(); Connection reset = connections.application("", "")) {
            for (Connection connection : List.of(unset, reset)) {
                for (String table : tenantTables) {
                    assertThat(count(connection, "SELECT count(*) FROM " + table)).as(table).isZero();
                }
                assertThatThrownBy(() -> update(connection, "INSERT INTO hospital (tenant_id, hospital_id) VALUES ('%s', 'h-none')".formatted(A)))
                        .hasMessageContaining(RLS_VIOLATION);
            }
        }
    }

    @Test
    void platformScope_seesEveryTenant() throws SQLException {
        try (Connection platform = connections.application("", "on"); Connection owner = connections.owner()) {
            for (String table : tenantTables) {
                String both = "SELECT count(*) FROM %s WHERE tenant_id IN ('%s', '%s')".formatted(table, A, B);
                assertThat(count(platform, both)).as(table).isEqualTo(count(owner, both));
            }
        }
    }

    private List<String> tablesTheApplicationMay(String privilege) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection owner = connections.owner()) {
            for (String table : tenantTables) {
                if (count(owner, "SELECT count(*) WHERE has_table_privilege('%s', '%s', '%s')".formatted(connections.appRole(), table, privilege)) == 1) {
                    tables.add(table);
                }
            }
        }
        assertThat(tables).contains("tenant", "ingestion");
        return tables;
    }

    private static void insertJson(Connection connection, String table, String json) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO %s OVERRIDING SYSTEM VALUE SELECT * FROM jsonb_populate_record(NULL::%s, ?::jsonb)".formatted(table, table))) {
            insert.setString(1, json);
            insert.executeUpdate();
        }
    }

    private static List<String> strings(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
