-- Tenant lifecycle: suspension, deletion with purge, and hospitals that tenant admins edit.
-- A deleted tenant's row stays as a tombstone (status 'deleted'): its id is never given to another tenant.
ALTER TABLE tenant DROP CONSTRAINT tenant_status_check;
ALTER TABLE tenant ADD CONSTRAINT tenant_status_check CHECK (status IN ('active', 'suspended', 'deleting', 'deleted'));

-- Fields a tenant admin set; the Organization of later runs no longer overwrites them.
ALTER TABLE hospital ADD COLUMN edited_fields varchar(16)[] NOT NULL DEFAULT '{}';
ALTER TABLE hospital ADD COLUMN edited_at timestamptz;

-- A run may delete tenants' lake partitions (a purge) instead of recomputing them.
ALTER TABLE etl_run ADD COLUMN purge_tenant_ids varchar(63)[] NOT NULL DEFAULT '{}';

-- One purge per tenant: its steps in order, each marked done with what it removed, and the errors of failed attempts.
CREATE TABLE tenant_purge (
    tenant_id    varchar(63) PRIMARY KEY REFERENCES tenant (tenant_id),
    status       varchar(16) NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
    requested_at timestamptz NOT NULL,
    finished_at  timestamptz,
    lake_run_id  uuid REFERENCES etl_run (run_id),
    steps        jsonb       NOT NULL,
    errors       jsonb       NOT NULL DEFAULT '[]'
);
