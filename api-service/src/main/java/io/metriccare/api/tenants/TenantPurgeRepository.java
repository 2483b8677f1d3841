package io.metriccare.api.tenants;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.metriccare.tenancy.TenantId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code tenant_purge} table: one row per tenant whose deletion was requested. */
@Repository
class TenantPurgeRepository {

    private static final TypeReference<List<TenantPurge.Step>> STEPS = new TypeReference<>() {
    };
    private static final TypeReference<List<TenantPurge.Failure>> FAILURES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    TenantPurgeRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Records a new purge with every step pending, unless the tenant already has one. */
    void insertIfAbsent(TenantId tenant, Instant at) {
        List<TenantPurge.Step> pending = Arrays.stream(PurgeStep.values())
                .map(step -> new TenantPurge.Step(step.code(), "pending", null, null))
                .toList();
        jdbc.sql("""
                INSERT INTO tenant_purge (tenant_id, status, requested_at, steps) VALUES (?, 'running', ?, ?::jsonb)
                ON CONFLICT (tenant_id) DO NOTHING
                """)
                .params(tenant.value(), Timestamp.from(at), json.writeValueAsString(pending))
                .update();
    }

    Optional<TenantPurge> find(TenantId tenant) {
        return jdbc.sql("SELECT * FROM tenant_purge WHERE tenant_id = ?").param(tenant.value()).query(this::purge).optional();
    }

    /** Purges to carry on with after a restart: those that were running and those that failed. */
    List<TenantPurge> unfinished() {
        return jdbc.sql("SELECT * FROM tenant_purge WHERE status IN ('running', 'failed') ORDER BY requested_at")
                .query(this::purge)
                .list();
    }

    /** A failed purge runs again from its first step not done. */
    void resume(TenantId tenant) {
        jdbc.sql("UPDATE tenant_purge SET status = 'running' WHERE tenant_id = ? AND status = 'failed'").param(tenant.value()).update();
    }

    void lakeRun(TenantId tenant, UUID runId) {
        jdbc.sql("UPDATE tenant_purge SET lake_run_id = ? WHERE tenant_id = ?").params(runId, tenant.value()).update();
    }

    void stepDone(TenantId tenant, PurgeStep step, Map<String, Long> removed, Instant at) {
        jdbc.sql("""
                UPDATE tenant_purge SET steps = (
                    SELECT jsonb_agg(CASE WHEN step ->> 'name' = ?
                                          THEN step || jsonb_build_object('status', 'done', 'removed', CAST(? AS jsonb),
                                                                          'finishedAt', CAST(? AS text))
                                          ELSE step END ORDER BY position)
                    FROM jsonb_array_elements(steps) WITH ORDINALITY AS s (step, position))
                WHERE tenant_id = ?
                """)
                .params(step.code(), json.writeValueAsString(removed), at.toString(), tenant.value())
                .update();
    }

    void completed(TenantId tenant, Instant at) {
        jdbc.sql("UPDATE tenant_purge SET status = 'completed', finished_at = ? WHERE tenant_id = ?")
                .params(Timestamp.from(at), tenant.value())
                .update();
    }

    void failed(TenantId tenant, PurgeStep step, String message, Instant at) {
        jdbc.sql("""
                UPDATE tenant_purge SET status = 'failed',
                       errors = errors || jsonb_build_array(jsonb_build_object('step', ?, 'at', ?, 'message', ?))
                WHERE tenant_id = ?
                """)
                .params(step.code(), at.toString(), message, tenant.value())
                .update();
    }

    private TenantPurge purge(ResultSet rs, int row) throws SQLException {
        String status = rs.getString("status");
        Timestamp finishedAt = rs.getTimestamp("finished_at");
        return new TenantPurge(rs.getString("tenant_id"), status, rs.getTimestamp("requested_at").toInstant(),
                finishedAt == null ? null : finishedAt.toInstant(), rs.getObject("lake_run_id", UUID.class),
                showingTheRunningStep(json.readValue(rs.getString("steps"), STEPS), status),
                json.readValue(rs.getString("errors"), FAILURES));
    }

    /** While a purge runs, its first pending step is the one in progress. */
    private static List<TenantPurge.Step> showingTheRunningStep(List<TenantPurge.Step> steps, String status) {
        int current = steps.stream().map(TenantPurge.Step::status).toList().indexOf("pending");
        if (!status.equals("running") || current < 0) {
            return steps;
        }
        TenantPurge.Step step = steps.get(current);
        List<TenantPurge.Step> shown = new ArrayList<>(steps);
        shown.set(current, new TenantPurge.Step(step.name(), "running", step.removed(), step.finishedAt()));
        return List.copyOf(shown);
    }
}
