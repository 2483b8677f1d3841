-- The ingestion ledger: one row per accepted submission, written after its raw object exists.
CREATE TABLE ingestion (
    ingestion_id    uuid         PRIMARY KEY,
    tenant_id       varchar(63)  NOT NULL REFERENCES tenant (tenant_id),
    received_at     timestamptz  NOT NULL,
    submission_kind varchar(16)  NOT NULL,
    bundle_type     varchar(32)  NOT NULL,
    object_key      varchar(512) NOT NULL UNIQUE,
    sha256          char(64)     NOT NULL,
    size_bytes      bigint       NOT NULL,
    resource_count  integer      NOT NULL,
    resource_counts jsonb        NOT NULL,
    status          varchar(16)  NOT NULL DEFAULT 'accepted' CHECK (status IN ('accepted', 'processed')),
    processed_by_run uuid
);

CREATE INDEX ingestion_unprocessed ON ingestion (tenant_id, received_at) WHERE status = 'accepted';
