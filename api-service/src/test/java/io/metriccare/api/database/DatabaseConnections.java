package io.metriccare.api.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Plain JDBC connections to the test's embedded database, past the application's pool and scope: as the owner
 * (the superuser that ran the migrations) or as the application role with the row-level security settings
 * given explicitly.
 */
public final class DatabaseConnections {

    private final EmbeddedPostgres postgres;
    private final String appRole;

    public DatabaseConnections(EmbeddedPostgres postgres, DatabaseRoleProperties roles) {
        this.postgres = postgres;
        this.appRole = roles.appRole();
    }

    public String appRole() {
        return appRole;
    }

    public Connection owner() throws SQLException {
        return postgres.getPostgresDatabase().getConnection();
    }

    /** As the application role with no setting at all. */
    public Connection application() throws SQLException {
        return DriverManager.getConnection(postgres.getJdbcUrl(appRole, "postgres"));
    }

    /** As the application role with {@code metriccare.tenant_id} and {@code metriccare.platform} set as given. */
    public Connection application(String tenantSetting, String platformSetting) throws SQLException {
        Connection connection = application();
        try (PreparedStatement set = connection.prepareStatement(
                "SELECT set_config('metriccare.tenant_id', ?, false), set_config('metriccare.platform', ?, false)")) {
            set.setString(1, tenantSetting);
            set.setString(2, platformSetting);
            set.execute();
        }
        return connection;
    }

    public static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public static int update(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        }
    }
}
