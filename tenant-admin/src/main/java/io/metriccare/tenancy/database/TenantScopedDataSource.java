package io.metriccare.tenancy.database;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.ConnectionProxy;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Sets the tenant settings of the row-level security policies on every connection it hands out, from the
 * scope of the thread that takes it, and clears them when the connection goes back to the pool. Every
 * checkout sets both settings, so no connection ever works in the scope of its previous user; the reset on
 * return keeps pooled idle connections neutral for anything that reaches the pool some other way.
 * Session-level settings ({@code set_config(..., false)}) because statements outside transactions commit
 * one by one.
 */
final class TenantScopedDataSource extends DelegatingDataSource implements AutoCloseable {

    private static final String APPLY = "SELECT set_config('" + DatabaseTenantScope.TENANT_SETTING + "', ?, false), set_config('"
            + DatabaseTenantScope.PLATFORM_SETTING + "', ?, false)";

    private final DatabaseTenantScope scope;

    TenantScopedDataSource(DataSource pool, DatabaseTenantScope scope) {
        super(pool);
        this.scope = scope;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return scoped(obtainTargetDataSource().getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return scoped(obtainTargetDataSource().getConnection(username, password));
    }

    /** Closes the pool when the application context closes (the pool's own close is not visible through this wrapper). */
    @Override
    public void close() throws Exception {
        if (obtainTargetDataSource() instanceof AutoCloseable pool) {
            pool.close();
        }
    }

    private Connection scoped(Connection connection) throws SQLException {
        try {
            apply(connection, scope.current());
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return (Connection) Proxy.newProxyInstance(ConnectionProxy.class.getClassLoader(), new Class<?>[] {ConnectionProxy.class},
                new ResetOnClose(connection));
    }

    private static void apply(Connection connection, DatabaseTenantScope.Scope scope) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(APPLY)) {
            statement.setString(1, scope.tenant() == null ? "" : scope.tenant().value());
            statement.setString(2, scope.platform() ? "on" : "");
            statement.execute();
        }
    }

    /** The connection as the application sees it: closing it clears the settings, then returns it to the pool. */
    private static final class ResetOnClose implements InvocationHandler {

        private final Connection target;
        private boolean closed;

        ResetOnClose(Connection target) {
            this.target = target;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "getTargetConnection":
                    return target;
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "Tenant-scoped " + target;
                case "isClosed":
                    return closed || target.isClosed();
                case "close":
                    close();
                    return null;
                default:
                    if (closed) {
                        throw new SQLException("Cannot use connection: it was closed (" + method.getName() + ")");
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getTargetException();
                    }
            }
        }

        private void close() throws SQLException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                apply(target, DatabaseTenantScope.Scope.NONE);
            } finally {
                target.close();
            }
        }
    }
}
