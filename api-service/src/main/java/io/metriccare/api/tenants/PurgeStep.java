package io.metriccare.api.tenants;

import java.util.Locale;

/**
 * The steps of a tenant purge, in the order they run. The lake goes first: ETL runs queued before the
 * deletion may still read the tenant's raw objects, and the lake step queues behind them. Each step is
 * idempotent and recorded when done, so a purge resumes at its first step not done.
 */
enum PurgeStep {
    /** Hudi delete_partition of tenant_id=&lt;id&gt; in every Bronze, Silver and Gold table, by an engine run. */
    LAKE,
    /** Every raw object under raw/tenant=&lt;id&gt;/, once no bulk import of the tenant is unfinished. */
    RAW,
    /** The tenant's rows in every table with a tenant_id column, children before parents, in one transaction. */
    DATABASE,
    /** The tenant row becomes a tombstone with status deleted. */
    TENANT;

    String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
