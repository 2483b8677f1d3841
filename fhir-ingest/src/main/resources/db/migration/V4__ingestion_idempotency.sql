-- Idempotent submissions: the same bytes, or the same Idempotency-Key, are stored once per tenant.
-- The unique indexes also settle concurrent identical submissions: exactly one insert wins.
ALTER TABLE ingestion ADD COLUMN idempotency_key varchar(200);

CREATE UNIQUE INDEX ingestion_tenant_sha256 ON ingestion (tenant_id, sha256);
CREATE UNIQUE INDEX ingestion_tenant_idempotency_key ON ingestion (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX ingestion_tenant_received ON ingestion (tenant_id, received_at DESC);
