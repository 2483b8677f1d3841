package io.metriccare.api.etl;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class EtlRunRepository {

    private static final TypeReference<Map<String, LocalDate>> DATES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    EtlRunRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(EtlRun run) {
        jdbc.sql("""
                INSERT INTO etl_run (run_id, tenant_ids, data_through_dates, purge_tenant_ids, engine, status, requested_at)
                VALUES (?, ?, ?::jsonb, ?, ?, ?, ?)
                """)
                .params(run.runId(), run.tenantIds().toArray(String[]::new), json.writeValueAsString(run.dataThroughDates()),
                        run.purgeTenantIds().toArray(String[]::new), run.engine(), run.status(), Timestamp.from(run.requestedAt()))
                .update();
    }

    Optional<EtlRun> find(UUID runId) {
        return jdbc.sql("SELECT * FROM etl_run WHERE run_id = ?").param(runId).query(this::run).optional();
    }

    /** Tenants a queued or running run covers: the run triggers queue no second run for them. */
    Set<String> tenantsOfUnfinishedRuns() {
        return Set.copyOf(jdbc.sql("SELECT DISTINCT unnest(tenant_ids) FROM etl_run WHERE status IN ('queued', 'running')")
                .query(String.class)
                .list());
    }

    /**
     * Of the given tenants, those whose last started run before {@code runId} published: their serving
     * tables hold the lake's Gold as it stands. A run that failed or was cancelled after it started may
     * have committed to the lake without publishing.
     */
    Set<String> tenantsPublishedUpToDate(List<String> tenantIds, UUID runId) {
        return Set.copyOf(jdbc.sql("""
                        SELECT t.tenant_id FROM unnest(CAST(? AS text[])) AS t(tenant_id)
                        WHERE (SELECT r.status FROM etl_run r
                               WHERE t.tenant_id = ANY (r.tenant_ids) AND r.started_at IS NOT NULL AND r.run_id <> ?
                               ORDER BY r.started_at DESC LIMIT 1) = 'succeeded'
                        """)
                .params(tenantIds.toArray(String[]::new), runId)
                .query(String.class)
                .list());
    }

    List<EtlRun> recent(int limit) {
        return jdbc.sql("SELECT * FROM etl_run ORDER BY requested_at DESC LIMIT ?").param(limit).query(this::run).list();
    }

    /** @return false when the run is no longer queued (cancelled meanwhile) */
    boolean markRunning(UUID runId, int inputCount, Instant at) {
        return jdbc.sql("UPDATE etl_run SET status = 'running', started_at = ?, input_count = ? WHERE run_id = ? AND status = 'queued'")
                .params(Timestamp.from(at), inputCount, runId)
                .update() == 1;
    }

    /** @return false when the run is no longer running (cancelled meanwhile); the row stays locked until the transaction ends */
    boolean markSucceeded(UUID runId, String summaryJson, Instant at) {
        return jdbc.sql("UPDATE etl_run SET status = 'succeeded', finished_at = ?, summary = ?::jsonb WHERE run_id = ? AND status = 'running'")
                .params(Timestamp.from(at), summaryJson, runId)
                .update() == 1;
    }

    /** Marks an unfinished run failed; a run that already ended (cancelled, say) keeps its status. */
    void markFailed(UUID runId, String error, Instant at) {
        jdbc.sql("UPDATE etl_run SET status = 'failed', finished_at = ?, error = ? WHERE run_id = ? AND status IN ('queued', 'running')")
                .params(Timestamp.from(at), error, runId)
                .update();
    }

    /** @return false when the run had already ended */
    boolean markCancelled(UUID runId, Instant at) {
        return jdbc.sql("UPDATE etl_run SET status = 'cancelled', finished_at = ? WHERE run_id = ? AND status IN ('queued', 'running')")
                .params(Timestamp.from(at), runId)
                .update() == 1;
    }

    /** Runs a previous process left unfinished can never finish: their engine died with it. */
    int failUnfinished(Instant at) {
        return jdbc.sql("""
                UPDATE etl_run SET status = 'failed', finished_at = ?, error = 'Run interrupted: the service stopped before it finished'
                WHERE status IN ('queued', 'running')
                """)
                .param(Timestamp.from(at))
                .update();
    }

    private EtlRun run(ResultSet rs, int row) throws SQLException {
        String summary = rs.getString("summary");
        return new EtlRun(
                rs.getObject("run_id", UUID.class),
                strings(rs.getArray("tenant_ids")),
                json.readValue(rs.getString("data_through_dates"), DATES),
                strings(rs.getArray("purge_tenant_ids")),
                rs.getString("engine"),
                rs.getString("status"),
                instant(rs.getTimestamp("requested_at")),
                instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("finished_at")),
                (Integer) rs.getObject("input_count"),
                summary == null ? null : json.readTree(summary),
                rs.getString("error"),
                null,
                null);
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
