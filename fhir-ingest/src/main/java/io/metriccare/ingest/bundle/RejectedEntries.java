package io.metriccare.ingest.bundle;

import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The entries each accepted submission was accepted without ({@code ingestion_rejected_entry}). */
@Repository
public class RejectedEntries {

    private static final TypeReference<List<SubmissionIssue>> ISSUES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    RejectedEntries(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void record(String tenantId, UUID ingestionId, List<RejectedEntry> entries) {
        for (RejectedEntry entry : entries) {
            jdbc.sql("""
                    INSERT INTO ingestion_rejected_entry (ingestion_id, tenant_id, entry_index, resource_type, resource_id, issues)
                    VALUES (?, ?, ?, ?, ?, ?::jsonb)
                    """)
                    .params(ingestionId, tenantId, entry.index(), entry.resourceType(), entry.resourceId(),
                            json.writeValueAsString(entry.issues()))
                    .update();
        }
    }

    /** The entries left out of the tenant's ingestion, in Bundle order; empty when none were. */
    public List<RejectedEntry> of(String tenantId, UUID ingestionId) {
        return jdbc.sql("SELECT * FROM ingestion_rejected_entry WHERE tenant_id = ? AND ingestion_id = ? ORDER BY entry_index")
                .params(tenantId, ingestionId)
                .query((rs, row) -> new RejectedEntry(rs.getInt("entry_index"), rs.getString("resource_type"),
                        rs.getString("resource_id"), json.readValue(rs.getString("issues"), ISSUES)))
                .list();
    }
}
