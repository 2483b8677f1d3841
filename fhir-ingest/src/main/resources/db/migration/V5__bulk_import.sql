-- Bulk NDJSON imports ($import): one row per job, updated after every batch it hands to the ingestion ledger.
CREATE TABLE bulk_import_job (
    job_id             uuid        PRIMARY KEY,
    tenant_id          varchar(63) NOT NULL REFERENCES tenant (tenant_id),
    status             varchar(16) NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed')),
    received_at        timestamptz NOT NULL,
    finished_at        timestamptz,
    lines_read         bigint      NOT NULL DEFAULT 0,
    resources_accepted bigint      NOT NULL DEFAULT 0,
    resources_rejected bigint      NOT NULL DEFAULT 0,
    ingestion_ids      uuid[]      NOT NULL DEFAULT '{}',
    errors             jsonb       NOT NULL DEFAULT '[]',
    error              text
);

CREATE INDEX bulk_import_job_unfinished ON bulk_import_job (received_at) WHERE status IN ('queued', 'running');
