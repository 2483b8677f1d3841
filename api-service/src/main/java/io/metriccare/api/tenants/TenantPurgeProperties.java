package io.metriccare.api.tenants;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How tenant purges run.
 *
 * @param pollInterval   how often a purge checks on what it waits for: its lake run, the tenant's unfinished bulk imports
 * @param retainedTables tables with a {@code tenant_id} column whose rows outlive a purge, e.g. an append-only
 *                       audit log that must be kept; every other such table is purged
 */
@ConfigurationProperties("metriccare.tenants.purge")
@Validated
public record TenantPurgeProperties(@NotNull @DefaultValue("2s") Duration pollInterval,
                                    @DefaultValue List<String> retainedTables) {
}
