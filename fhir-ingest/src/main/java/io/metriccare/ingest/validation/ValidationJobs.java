package io.metriccare.ingest.validation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code instance_validation} table: every database access of instance validation, including the
 * background worker's, which runs outside any request (and so outside any request's tenant scope).
 */
@Repository
class ValidationJobs {

    /** A queued validation as the worker needs it. */
    record Job(String tenantId, UUID ingestionId) {
    }

    /** The stored submission a claimed job validates. */
    record Claimed(String objectKey, String submissionKind) {
    }

    private static final TypeReference<List<ValidationIssue>> ISSUES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ValidationJobs(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void enqueue(Job job, Instant at) {
        jdbc.sql("INSERT INTO instance_validation (ingestion_id, tenant_id, queued_at) VALUES (?, ?, ?)")
                .params(job.ingestionId(), job.tenantId(), Timestamp.from(at))
                .update();
    }

    /** Marks a pending job running; empty when it is not pending (another worker took it, or it is finished). */
    Optional<Claimed> claim(Job job, Instant at) {
        return jdbc.sql("""
                UPDATE instance_validation v SET status = 'running', started_at = ?
                FROM ingestion i
                WHERE v.ingestion_id = ? AND v.tenant_id = ? AND v.status = 'pending' AND i.ingestion_id = v.ingestion_id
                RETURNING i.object_key, i.submission_kind
                """)
                .params(Timestamp.from(at), job.ingestionId(), job.tenantId())
                .query((rs, row) -> new Claimed(rs.getString("object_key"), rs.getString("submission_kind")))
                .optional();
    }

    void complete(Job job, Findings findings, Instant at) {
        jdbc.sql("""
                UPDATE instance_validation
                SET status = 'done', finished_at = ?, error_count = ?, warning_count = ?, information_count = ?,
                    issue_count = ?, issues = ?::jsonb
                WHERE ingestion_id = ? AND tenant_id = ?
                """)
                .params(Timestamp.from(at), findings.errors(), findings.warnings(), findings.information(),
                        findings.issueCount(), json.writeValueAsString(findings.kept()), job.ingestionId(), job.tenantId())
                .update();
    }

    void fail(Job job, String error, Instant at) {
        jdbc.sql("UPDATE instance_validation SET status = 'failed', finished_at = ?, error = ? WHERE ingestion_id = ? AND tenant_id = ?")
                .params(Timestamp.from(at), error, job.ingestionId(), job.tenantId())
                .update();
    }

    /** At startup: jobs a previous process was running go back to pending; returns every pending job, oldest first. */
    List<Job> pendingAfterRestart() {
        jdbc.sql("UPDATE instance_validation SET status = 'pending', started_at = NULL WHERE status = 'running'").update();
        return jdbc.sql("SELECT tenant_id, ingestion_id FROM instance_validation WHERE status = 'pending' ORDER BY queued_at")
                .query((rs, row) -> new Job(rs.getString("tenant_id"), rs.getObject("ingestion_id", UUID.class)))
                .list();
    }

    Optional<InstanceValidation> find(String tenantId, UUID ingestionId) {
        return jdbc.sql("SELECT * FROM instance_validation WHERE tenant_id = ? AND ingestion_id = ?")
                .params(tenantId, ingestionId)
                .query(this::validation)
                .optional();
    }

    private InstanceValidation validation(ResultSet rs, int row) throws SQLException {
        return new InstanceValidation(rs.getObject("ingestion_id", UUID.class), rs.getString("tenant_id"), rs.getString("status"),
                instant(rs, "queued_at"), instant(rs, "started_at"), instant(rs, "finished_at"),
                rs.getInt("error_count"), rs.getInt("warning_count"), rs.getInt("information_count"), rs.getInt("issue_count"),
                json.readValue(rs.getString("issues"), ISSUES), rs.getString("error"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
