package io.metriccare.ingest.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The ingestion ledger: which submissions were accepted, where their raw objects are, which run processed them. */
@Repository
public class IngestionLedger {

    private static final TypeReference<Map<String, Integer>> COUNTS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public IngestionLedger(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Records the entry unless the tenant already has one with the same body hash or idempotency key.
     *
     * @return true when this entry was recorded, false when an earlier (or concurrent) one was
     */
    public boolean recordIfNew(IngestionEntry entry) {
        return jdbc.sql("""
                INSERT INTO ingestion (ingestion_id, tenant_id, received_at, submission_kind, bundle_type, object_key,
                                       sha256, idempotency_key, size_bytes, resource_count, resource_counts)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                ON CONFLICT DO NOTHING
                """)
                .params(entry.ingestionId(), entry.tenantId(), Timestamp.from(entry.receivedAt()),
                        entry.submissionKind(), entry.bundleType(), entry.objectKey(), entry.sha256(),
                        entry.idempotencyKey(), entry.sizeBytes(), entry.resourceCount(),
                        json.writeValueAsString(entry.resourceCounts()))
                .update() == 1;
    }

    /** The tenant's earlier submission with this idempotency key or, without a key, with this body hash. */
    public Optional<IngestionEntry> findEarlier(String tenantId, String sha256, String idempotencyKey) {
        return (idempotencyKey == null
                ? jdbc.sql("SELECT * FROM ingestion WHERE tenant_id = ? AND sha256 = ?").params(tenantId, sha256)
                : jdbc.sql("SELECT * FROM ingestion WHERE tenant_id = ? AND (idempotency_key = ? OR sha256 = ?) ORDER BY idempotency_key = ? DESC LIMIT 1")
                        .params(tenantId, idempotencyKey, sha256, idempotencyKey))
                .query(this::entry)
                .optional();
    }

    /** A tenant's ledger, newest first, filtered by status and reception time when given. */
    public List<IngestionEntry> list(String tenantId, String status, Instant from, Instant to, int limit) {
        return jdbc.sql("""
                SELECT * FROM ingestion
                WHERE tenant_id = ? AND (CAST(? AS varchar) IS NULL OR status = ?)
                  AND (CAST(? AS timestamptz) IS NULL OR received_at >= ?) AND (CAST(? AS timestamptz) IS NULL OR received_at < ?)
                ORDER BY received_at DESC, ingestion_id
                LIMIT ?
                """)
                .params(tenantId, status, status, timestamp(from), timestamp(from), timestamp(to), timestamp(to), limit)
                .query(this::entry)
                .list();
    }

    public Optional<IngestionEntry> find(String tenantId, UUID ingestionId) {
        return jdbc.sql("SELECT * FROM ingestion WHERE tenant_id = ? AND ingestion_id = ?")
                .params(tenantId, ingestionId)
                .query(this::entry)
                .optional();
    }

    /** Accepted submissions of these tenants that no run has processed yet, oldest first. */
    public List<IngestionEntry> unprocessed(Collection<String> tenantIds) {
        return jdbc.sql("""
                SELECT * FROM ingestion WHERE status = 'accepted' AND tenant_id = ANY (?)
                ORDER BY received_at, ingestion_id
                """)
                .param(tenantIds.toArray(String[]::new))
                .query(this::entry)
                .list();
    }

    /** Per tenant with unprocessed submissions, when the newest of them arrived: what the run triggers look at. */
    public Map<String, Instant> newestUnprocessedByTenant() {
        Map<String, Instant> newest = new TreeMap<>();
        jdbc.sql("SELECT tenant_id, max(received_at) AS newest FROM ingestion WHERE status = 'accepted' GROUP BY tenant_id")
                .query(rs -> {
                    newest.put(rs.getString("tenant_id"), rs.getTimestamp("newest").toInstant());
                });
        return newest;
    }

    public void markProcessed(Collection<UUID> ingestionIds, UUID runId) {
        jdbc.sql("UPDATE ingestion SET status = 'processed', processed_by_run = ? WHERE ingestion_id = ANY (?)")
                .params(runId, ingestionIds.toArray(UUID[]::new))
                .update();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private IngestionEntry entry(ResultSet rs, int row) throws SQLException {
        return new IngestionEntry(
                rs.getObject("ingestion_id", UUID.class),
                rs.getString("tenant_id"),
                rs.getTimestamp("received_at").toInstant(),
                rs.getString("submission_kind"),
                rs.getString("bundle_type"),
                rs.getString("object_key"),
                rs.getString("sha256"),
                rs.getString("idempotency_key"),
                rs.getLong("size_bytes"),
                json.readValue(rs.getString("resource_counts"), COUNTS),
                rs.getString("status"),
                rs.getObject("processed_by_run", UUID.class));
    }
}
