package io.metriccare.api.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.metriccare.api.ApiIntegrationTest;
import io.metriccare.tenancy.Tenant;
import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.TenantRegistry;
import io.metriccare.tenancy.database.DatabaseTenantScope;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The application's DataSource puts the thread's database scope on every connection, and takes it off again. */
class DatabaseTenantScopeIntegrationTests extends ApiIntegrationTest {

    private static final TenantId A = new TenantId("scope-a");
    private static final TenantId B = new TenantId("scope-b");

    @Autowired
    private DatabaseTenantScope scope;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private TenantRegistry tenants;

    @Autowired
    private PlatformTransactionManager transactions;

    @BeforeEach
    void twoTenants() {
        api.postJson("/api/v1/tenants", "{\"tenantId\":\"scope-a\",\"name\":\"A\"}");
        api.postJson("/api/v1/tenants", "{\"tenantId\":\"scope-b\",\"name\":\"B\"}");
    }

    @Test
    void connections_carryTheScopeOfTheThreadThatTakesThem() {
        assertThat(scope.callAs(A, this::settings)).isEqualTo("scope-a|");
        assertThat(scope.callAsPlatform(this::settings)).isEqualTo("|on");
        assertThat(settings()).isEqualTo("|");
    }

    @Test
    void repositories_seeOnlyTheScopedTenant_andNothingWithoutAScope() {
        assertThat(scope.callAs(A, tenants::list)).extracting(Tenant::id).containsExactly(A);
        assertThat(scope.callAs(A, () -> tenants.find(B))).isEmpty();
        assertThat(tenants.list()).isEmpty();
        assertThat(scope.callAsPlatform(tenants::list)).extracting(Tenant::id).contains(A, B);
    }

    @Test
    void nestedScope_restoresTheOuterOne() {
        scope.runAs(A, () -> {
            assertThat(scope.callAsPlatform(this::settings)).isEqualTo("|on");
            assertThat(settings()).isEqualTo("scope-a|");
        });
        assertThat(scope.current()).isEqualTo(DatabaseTenantScope.Scope.NONE);
    }

    @Test
    void connectionsGoBackToThePool_withoutSettings() throws SQLException {
        scope.runAs(A, () -> jdbc.sql("SELECT count(*) FROM hospital").query(Long.class).single());
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        List<Connection> idle = new ArrayList<>();
        try {
            int pooled = pool.getHikariPoolMXBean().getIdleConnections();
            assertThat(pooled).isPositive();
            for (int i = 0; i < pooled; i++) {
                idle.add(pool.getConnection());
            }
            for (Connection connection : idle) {
                assertThat(DatabaseConnections.count(connection,
                        "SELECT count(*) WHERE coalesce(current_setting('metriccare.tenant_id', true), '') = ''"
                                + " AND coalesce(current_setting('metriccare.platform', true), '') = ''")).isEqualTo(1);
            }
        } finally {
            for (Connection connection : idle) {
                connection.close();
            }
        }
    }

    @Test
    void scope_cannotChangeInsideATransaction_butMayBeRepeated() {
        TransactionTemplate transaction = new TransactionTemplate(transactions);

        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> scope.runAs(A, () -> {
        }))).isInstanceOf(IllegalStateException.class).hasMessage(
                "Cannot change the database tenant scope inside a transaction: its connection keeps the scope it was opened in "
                        + "(none -> tenant scope-a)");
        String sameScopeInside = scope.callAs(A, () -> transaction.execute(status -> scope.callAs(A, this::settings)));
        assertThat(sameScopeInside).isEqualTo("scope-a|");
    }

    private String settings() {
        return jdbc.sql("SELECT coalesce(current_setting('metriccare.tenant_id', true), '') || '|' "
                + "|| coalesce(current_setting('metriccare.platform', true), '')").query(String.class).single();
    }
}
