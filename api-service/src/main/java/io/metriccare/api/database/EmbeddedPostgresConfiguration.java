package io.metriccare.api.database;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * A real PostgreSQL server started from a Maven artifact: the embedded default, no installation needed.
 * Migrations run as its superuser {@code postgres}, which owns the tables; the application connects as
 * {@code metriccare.database.app-role}, created here when missing, so row-level security applies to it.
 * The server listens on localhost only and trusts local connections (zonky's initdb), hence no passwords.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "metriccare.database.embedded.enabled")
class EmbeddedPostgresConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(EmbeddedDatabaseProperties properties, DatabaseRoleProperties roles) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        if (properties.dataDir() != null) {
            Files.createDirectories(properties.dataDir());
            builder.setDataDirectory(properties.dataDir()).setCleanDataDirectory(false);
        }
        if (properties.port() > 0) {
            builder.setPort(properties.port());
        }
        EmbeddedPostgres postgres = builder.start();
        try {
            createRoleIfMissing(postgres.getPostgresDatabase(), roles.appRole());
        } catch (SQLException e) {
            postgres.close();
            throw new IllegalStateException("Cannot create the application's database role: " + e.getMessage(), e);
        }
        return postgres;
    }

    /** The owner's connection, for migrations only. */
    @Bean
    @FlywayDataSource
    DataSource migrationDataSource(EmbeddedPostgres postgres) {
        return postgres.getPostgresDatabase();
    }

    /** The application's pool, connected as the application role (scoped per tenant by ApplicationDataSourceScoping). */
    @Bean(destroyMethod = "close")
    @Primary
    DataSource dataSource(EmbeddedPostgres postgres, DatabaseRoleProperties roles) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl(roles.appRole(), "postgres"));
        dataSource.setMaximumPoolSize(10);
        return dataSource;
    }

    private static void createRoleIfMissing(DataSource owner, String role) throws SQLException {
        try (Connection connection = owner.getConnection();
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            exists.setString(1, role);
            try (ResultSet found = exists.executeQuery(); Statement create = connection.createStatement()) {
                if (!found.next()) {
                    create.execute("CREATE ROLE " + role + " LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE");
                }
            }
        }
    }
}
