-- V8's tenant_purge holds one row per deleted tenant: tenant data like any other (V9), under the same policy.
ALTER TABLE tenant_purge ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_purge FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_purge USING (tenant_row_visible(tenant_id)) WITH CHECK (tenant_row_visible(tenant_id));
