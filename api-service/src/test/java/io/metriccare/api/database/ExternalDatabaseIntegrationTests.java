package io.metriccare.api.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import io.metriccare.api.MetricCareApplication;
import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.TenantRegistry;
import io.metriccare.tenancy.database.DatabaseTenantScope;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static io.metriccare.api.database.DatabaseConnections.count;
import static io.metriccare.api.database.DatabaseConnections.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The README's external PostgreSQL setup, on a PostgreSQL server of its own: an owner role that is no superuser
 * runs the migrations, the service connects as the application role; and it refuses a role that can act as the owner.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExternalDatabaseIntegrationTests {

    private EmbeddedPostgres server;
    private Path workDir;

    @BeforeAll
    void serverWithTheTwoRoles() throws IOException, SQLException {
        server = EmbeddedPostgres.builder().start();
        workDir = Files.createTempDirectory("metriccare-external-db-");
        try (Connection admin = server.getPostgresDatabase().getConnection()) {
            update(admin, "CREATE ROLE metriccare_owner LOGIN NOSUPERUSER NOBYPASSRLS");
            update(admin, "CREATE DATABASE metriccare OWNER metriccare_owner");
            update(admin, "CREATE DATABASE misconfigured OWNER metriccare_owner");
            update(admin, "CREATE ROLE metriccare_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE");
            update(admin, "CREATE ROLE metriccare_insider LOGIN NOSUPERUSER NOBYPASSRLS IN ROLE metriccare_owner");
        }
    }

    @AfterAll
    void stopServer() throws IOException {
        server.close();
    }

    @Test
    void migratesAsTheOwner_servesAsTheApplicationRole_andForcedRlsBindsTheOwnerToo() throws SQLException {
        try (ConfigurableApplicationContext service = start("metriccare", "metriccare_app")) {
            DatabaseTenantScope scope = service.getBean(DatabaseTenantScope.class);
            TenantRegistry tenants = service.getBean(TenantRegistry.class);
            scope.runAsPlatform(() -> tenants.create(new TenantId("external-a"), "A"));

            assertThat(tenants.find(new TenantId("external-a"))).as("outside any scope").isEmpty();
            assertThat(scope.callAs(new TenantId("external-a"), () -> tenants.find(new TenantId("external-a")))).isPresent();
        }
        try (Connection owner = DriverManager.getConnection(server.getJdbcUrl("metriccare_owner", "metriccare"))) {
            assertThat(count(owner, "SELECT count(*) FROM pg_tables WHERE tablename = 'tenant' AND tableowner = 'metriccare_owner'"))
                    .isEqualTo(1);
            assertThat(count(owner, "SELECT count(*) FROM tenant")).as("the owner without a scope").isZero();
        }
    }

    @Test
    void refusesToStart_whenItsRoleCanActAsTheOwner() {
        assertThatThrownBy(() -> start("misconfigured", "metriccare_insider").close()).rootCause().hasMessage(
                "Cannot start: the application's database role may act as the owner of the tenant tables and switch row-level "
                        + "security off (metriccare_owner); run migrations as the owner and connect as another role");
    }

    private ConfigurableApplicationContext start(String database, String applicationRole) {
        return new SpringApplicationBuilder(MetricCareApplication.class).run(
                "--server.port=0",
                // tokens from the local authorization server: without it the service needs an external issuer
                "--spring.profiles.active=local",
                "--metriccare.etl.triggers.enabled=false",
                "--metriccare.database.embedded.enabled=false",
                "--spring.datasource.url=jdbc:postgresql://localhost:" + server.getPort() + "/" + database,
                "--spring.datasource.username=" + applicationRole,
                "--spring.flyway.user=metriccare_owner",
                "--metriccare.database.app-role=" + applicationRole,
                "--metriccare.lake.root=" + workDir.resolve(database).resolve("lake"),
                "--metriccare.etl.work-dir=" + workDir.resolve(database).resolve("runs"),
                "--metriccare.bulk-import.spool-dir=" + workDir.resolve(database).resolve("spool"));
    }
}
