package io.metriccare.tenancy.settings;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

import io.metriccare.tenancy.TenantId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The {@code tenant_settings} table; a tenant without a row has the platform defaults. */
@Repository
public class TenantSettingsRepository {

    private final JdbcClient jdbc;

    public TenantSettingsRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public TenantSettings find(TenantId tenantId) {
        return jdbc.sql("SELECT * FROM tenant_settings WHERE tenant_id = ?")
                .param(tenantId.value())
                .query(TenantSettingsRepository::settings)
                .optional()
                .orElseGet(() -> TenantSettings.defaults(tenantId));
    }

    /** Replaces the tenant's settings; returns them as stored, with their new {@code updatedAt}. */
    public TenantSettings save(TenantSettings settings) {
        return jdbc.sql("""
                INSERT INTO tenant_settings (tenant_id, validation_policy, instance_validation, suppression_threshold, etl_schedule,
                                             value_sets, updated_at)
                VALUES (?, ?, ?, ?, ?, ?::jsonb, now())
                ON CONFLICT (tenant_id) DO UPDATE
                SET validation_policy = EXCLUDED.validation_policy,
                    instance_validation = EXCLUDED.instance_validation,
                    suppression_threshold = EXCLUDED.suppression_threshold,
                    etl_schedule = EXCLUDED.etl_schedule,
                    value_sets = EXCLUDED.value_sets,
                    updated_at = EXCLUDED.updated_at
                RETURNING *
                """)
                .params(settings.tenantId().value(), settings.validationPolicy().code(), settings.instanceValidation(),
                        settings.suppressionThreshold(), settings.etlSchedule(), JsonMapper.shared().writeValueAsString(settings.valueSets()))
                .query(TenantSettingsRepository::settings)
                .single();
    }

    /** Of these tenants, those that replace any KPI value set → their value sets (the run manifest's {@code valueSets}). */
    public Map<String, KpiValueSets> valueSets(Collection<String> tenantIds) {
        Map<String, KpiValueSets> valueSets = new TreeMap<>();
        jdbc.sql("SELECT tenant_id, value_sets FROM tenant_settings WHERE tenant_id = ANY (?) AND value_sets <> '{}'::jsonb")
                .param(tenantIds.toArray(String[]::new))
                .query(rs -> {
                    valueSets.put(rs.getString("tenant_id"), storedValueSets(rs));
                });
        return valueSets;
    }

    private static TenantSettings settings(ResultSet rs, int row) throws SQLException {
        return new TenantSettings(new TenantId(rs.getString("tenant_id")), ValidationPolicy.of(rs.getString("validation_policy")),
                rs.getBoolean("instance_validation"), rs.getObject("suppression_threshold", Integer.class),
                rs.getString("etl_schedule"), storedValueSets(rs), rs.getTimestamp("updated_at").toInstant());
    }

    private static KpiValueSets storedValueSets(ResultSet rs) throws SQLException {
        return KpiValueSets.read(JsonMapper.shared().readTree(rs.getString("value_sets")));
    }
}
