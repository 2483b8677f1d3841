-- Entries left out of an accepted submission under the tenant's accept-valid-entries policy, and why.
-- Written in the transaction of the submission's ledger row; the raw object holds only the other entries.
CREATE TABLE ingestion_rejected_entry (
    ingestion_id  uuid        NOT NULL REFERENCES ingestion (ingestion_id),
    tenant_id     varchar(63) NOT NULL REFERENCES tenant (tenant_id),
    entry_index   integer     NOT NULL,
    resource_type varchar(64),
    resource_id   varchar(64),
    issues        jsonb       NOT NULL,
    PRIMARY KEY (ingestion_id, entry_index)
);

-- Opt-in instance validation (HAPI FhirInstanceValidator) of accepted submissions, off the request path:
-- a job per ingestion, queued with its ledger row, and its findings. Counts cover every finding; issues
-- keeps the first ones by severity (error before warning before information) up to a cap.
CREATE TABLE instance_validation (
    ingestion_id      uuid        PRIMARY KEY REFERENCES ingestion (ingestion_id),
    tenant_id         varchar(63) NOT NULL REFERENCES tenant (tenant_id),
    status            varchar(16) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed')),
    queued_at         timestamptz NOT NULL,
    started_at        timestamptz,
    finished_at       timestamptz,
    error_count       integer     NOT NULL DEFAULT 0,
    warning_count     integer     NOT NULL DEFAULT 0,
    information_count integer     NOT NULL DEFAULT 0,
    issue_count       integer     NOT NULL DEFAULT 0,
    issues            jsonb       NOT NULL DEFAULT '[]',
    error             text
);

CREATE INDEX instance_validation_unfinished ON instance_validation (queued_at) WHERE status IN ('pending', 'running');
