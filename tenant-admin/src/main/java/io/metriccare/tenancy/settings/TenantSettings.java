package io.metriccare.tenancy.settings;

import java.time.Instant;

import io.metriccare.tenancy.TenantId;
import org.springframework.scheduling.support.CronExpression;

/**
 * A tenant's settings. A null suppression threshold or ETL schedule means the platform default, which
 * the service's configuration holds; the policy and instance validation have fixed platform defaults, and
 * KPI value sets the platform's lists ({@link KpiValueSets#platformDefaults()}).
 *
 * @param suppressionThreshold KPI-SPEC §6 threshold for this tenant's values, at least 1; null: platform default
 * @param etlSchedule          a Spring cron expression (six fields, seconds first); null: platform default
 * @param valueSets            the KPI value sets the tenant replaces; {@link KpiValueSets#NONE}: the platform's
 * @param updatedAt            when the tenant last changed them; null while it never has
 */
public record TenantSettings(TenantId tenantId, ValidationPolicy validationPolicy, boolean instanceValidation,
                             Integer suppressionThreshold, String etlSchedule, KpiValueSets valueSets, Instant updatedAt) {

    private static final int MAX_SCHEDULE_LENGTH = 120;

    public TenantSettings {
        if (validationPolicy == null) {
            throw new InvalidTenantSettingsException("validationPolicy is required");
        }
        if (valueSets == null) {
            throw new InvalidTenantSettingsException("valueSets is required");
        }
        if (suppressionThreshold != null && suppressionThreshold < 1) {
            throw new InvalidTenantSettingsException("suppressionThreshold must be at least 1 (%d)".formatted(suppressionThreshold));
        }
        if (etlSchedule != null && (etlSchedule.length() > MAX_SCHEDULE_LENGTH || !CronExpression.isValidExpression(etlSchedule))) {
            throw new InvalidTenantSettingsException(
                    "etlSchedule must be a cron expression of six fields, seconds first, e.g. '0 */15 * * * *' (%s)".formatted(
                            etlSchedule.length() > 80 ? etlSchedule.substring(0, 80) + "…" : etlSchedule));
        }
    }

    /** The settings of a tenant that never changed any. */
    public static TenantSettings defaults(TenantId tenantId) {
        return new TenantSettings(tenantId, ValidationPolicy.REJECT_BUNDLE, false, null, null, KpiValueSets.NONE, null);
    }

    public int suppressionThresholdOr(int platformDefault) {
        return suppressionThreshold == null ? platformDefault : suppressionThreshold;
    }

    public String etlScheduleOr(String platformDefault) {
        return etlSchedule == null ? platformDefault : etlSchedule;
    }

    /** Every KPI value set as the tenant's KPIs are computed: its own lists, the platform's for the rest. */
    public KpiValueSets valueSetsInEffect() {
        return valueSets.over(KpiValueSets.platformDefaults());
    }
}
