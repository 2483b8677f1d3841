-- Tables with a tenant_id column that arrived beside V9's row-level security get the same wall (V9, README:
-- Tenant isolation): tenant settings (V6), rejected entries and instance validations (V7), ingest clients (V12),
-- webhooks (V13). webhook_delivery and oauth2_registered_client have no tenant_id: a delivery is reached through
-- its tenant's webhook, a registered client through its tenant's ingest_client row.
ALTER TABLE tenant_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_settings USING (tenant_row_visible(tenant_id)) WITH CHECK (tenant_row_visible(tenant_id));

ALTER TABLE ingestion_rejected_entry ENABLE ROW LEVEL SECURITY;
ALTER TABLE ingestion_rejected_entry FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ingestion_rejected_entry USING (tenant_row_visible(tenant_id)) WITH CHECK (tenant_row_visible(tenant_id));

ALTER TABLE instance_validation ENABLE ROW LEVEL SECURITY;
ALTER TABLE instance_validation FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON instance_validation USING (tenant_row_visible(tenant_id)) WITH CHECK (tenant_row_visible(tenant_id));

ALTER TABLE ingest_client ENABLE ROW LEVEL SECURITY;
ALTER TABLE ingest_client FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ingest_client USING (tenant_row_visible(tenant_id)) WITH CHECK (tenant_row_visible(tenant_id));

ALTER TABLE tenant_webhook ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_webhook FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_webhook USING (tenant_row_visible(tenant_id)) WITH CHECK (tenant_row_visible(tenant_id));
