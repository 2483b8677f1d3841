package io.metriccare.tenancy.database;

import java.util.Objects;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.metriccare.tenancy.TenantId;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Which tenant's rows the database shows the current thread: PostgreSQL row-level security (migration V9)
 * lets a connection read and write only the rows of the tenant in its {@value #TENANT_SETTING} setting, or
 * every row in platform scope ({@value #PLATFORM_SETTING}), and nothing without either. The application's
 * DataSource ({@link #scoped}) applies this thread's scope to every connection it hands out, so repositories
 * need not know about it; a request gets its scope from a servlet filter, background work names its own.
 * <p>
 * A scope applies to connections taken inside it. A transaction keeps its connection, so the scope cannot
 * change inside one: open the transaction inside the scope.
 */
@Component
public class DatabaseTenantScope {

    static final String TENANT_SETTING = "metriccare.tenant_id";
    static final String PLATFORM_SETTING = "metriccare.platform";

    /**
     * One tenant's rows, all rows ({@link #PLATFORM}: platform administration and system work), or none.
     *
     * @param tenant   the tenant whose rows are visible; null in platform scope and in none
     * @param platform whether every tenant's rows are visible
     */
    public record Scope(TenantId tenant, boolean platform) {

        public static final Scope NONE = new Scope(null, false);
        public static final Scope PLATFORM = new Scope(null, true);

        public Scope {
            if (tenant != null && platform) {
                throw new IllegalArgumentException("Cannot scope to a tenant and the platform at once (" + tenant + ")");
            }
        }

        public static Scope of(TenantId tenant) {
            return new Scope(Objects.requireNonNull(tenant, "tenant"), false);
        }

        @Override
        public String toString() {
            return tenant != null ? "tenant " + tenant : platform ? "platform" : "none";
        }
    }

    /** A scope entered on this thread; closing it restores the scope that was current before. */
    public interface Entered extends AutoCloseable {
        @Override
        void close();
    }

    private final ThreadLocal<Scope> current = new ThreadLocal<>();

    public Scope current() {
        Scope scope = current.get();
        return scope == null ? Scope.NONE : scope;
    }

    /**
     * Makes {@code scope} this thread's scope until the returned handle is closed.
     *
     * @throws IllegalStateException inside a transaction that runs in another scope
     */
    public Entered enter(Scope scope) {
        Scope previous = current();
        if (!scope.equals(previous) && TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Cannot change the database tenant scope inside a transaction: its connection "
                    + "keeps the scope it was opened in (%s -> %s)".formatted(previous, scope));
        }
        current.set(scope);
        return () -> {
            if (previous.equals(Scope.NONE)) {
                current.remove();
            } else {
                current.set(previous);
            }
        };
    }

    public <T> T callAs(TenantId tenant, Supplier<T> work) {
        try (Entered ignored = enter(Scope.of(tenant))) {
            return work.get();
        }
    }

    public void runAs(TenantId tenant, Runnable work) {
        try (Entered ignored = enter(Scope.of(tenant))) {
            work.run();
        }
    }

    /** Work over every tenant's rows: platform administration and system work (ETL publish, recovery at startup). */
    public <T> T callAsPlatform(Supplier<T> work) {
        try (Entered ignored = enter(Scope.PLATFORM)) {
            return work.get();
        }
    }

    /** @see #callAsPlatform */
    public void runAsPlatform(Runnable work) {
        try (Entered ignored = enter(Scope.PLATFORM)) {
            work.run();
        }
    }

    /** The application's DataSource: {@code pool}'s connections, each set to the scope of the thread that takes it. */
    public DataSource scoped(DataSource pool) {
        return new TenantScopedDataSource(pool, this);
    }
}
