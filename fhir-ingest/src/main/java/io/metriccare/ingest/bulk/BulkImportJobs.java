package io.metriccare.ingest.bulk;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code bulk_import_job} table: one row per import, updated as its lines are processed. */
@Repository
class BulkImportJobs {

    private static final TypeReference<List<RejectedLine>> ERRORS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    BulkImportJobs(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(BulkImportJob job) {
        jdbc.sql("INSERT INTO bulk_import_job (job_id, tenant_id, status, received_at) VALUES (?, ?, ?, ?)")
                .params(job.jobId(), job.tenantId(), job.status(), Timestamp.from(job.receivedAt()))
                .update();
    }

    Optional<BulkImportJob> find(String tenantId, UUID jobId) {
        return jdbc.sql("SELECT * FROM bulk_import_job WHERE tenant_id = ? AND job_id = ?")
                .params(tenantId, jobId)
                .query(this::job)
                .optional();
    }

    boolean hasUnfinished(String tenantId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM bulk_import_job WHERE tenant_id = ? AND status IN ('queued', 'running'))")
                .param(tenantId)
                .query(Boolean.class)
                .single();
    }

    void markRunning(UUID jobId) {
        jdbc.sql("UPDATE bulk_import_job SET status = 'running' WHERE job_id = ? AND status = 'queued'").param(jobId).update();
    }

    void recordProgress(UUID jobId, ImportProgress progress) {
        jdbc.sql("""
                UPDATE bulk_import_job SET lines_read = ?, resources_accepted = ?, resources_rejected = ?, ingestion_ids = ?,
                                           errors = ?::jsonb
                WHERE job_id = ?
                """)
                .params(progress.linesRead(), progress.resourcesAccepted(), progress.resourcesRejected(),
                        progress.ingestionIds().toArray(UUID[]::new), json.writeValueAsString(progress.errors()), jobId)
                .update();
    }

    void markCompleted(UUID jobId, ImportProgress progress, Instant at) {
        recordProgress(jobId, progress);
        jdbc.sql("UPDATE bulk_import_job SET status = 'completed', finished_at = ? WHERE job_id = ?")
                .params(Timestamp.from(at), jobId)
                .update();
    }

    void markFailed(UUID jobId, String error, Instant at) {
        jdbc.sql("UPDATE bulk_import_job SET status = 'failed', finished_at = ?, error = ? WHERE job_id = ?")
                .params(Timestamp.from(at), error, jobId)
                .update();
    }

    /** Jobs a previous process left unfinished can never finish: their spooled body and thread died with it. */
    List<UUID> failUnfinished(Instant at) {
        return jdbc.sql("""
                UPDATE bulk_import_job SET status = 'failed', finished_at = ?,
                                           error = 'Import interrupted: the service stopped before it finished'
                WHERE status IN ('queued', 'running')
                RETURNING job_id
                """)
                .param(Timestamp.from(at))
                .query(UUID.class)
                .list();
    }

    private BulkImportJob job(ResultSet rs, int row) throws SQLException {
        Timestamp finishedAt = rs.getTimestamp("finished_at");
        return new BulkImportJob(
                rs.getObject("job_id", UUID.class),
                rs.getString("tenant_id"),
                rs.getString("status"),
                rs.getTimestamp("received_at").toInstant(),
                finishedAt == null ? null : finishedAt.toInstant(),
                rs.getLong("lines_read"),
                rs.getLong("resources_accepted"),
                rs.getLong("resources_rejected"),
                Arrays.asList((UUID[]) rs.getArray("ingestion_ids").getArray()),
                json.readValue(rs.getString("errors"), ERRORS),
                rs.getString("error"));
    }
}
