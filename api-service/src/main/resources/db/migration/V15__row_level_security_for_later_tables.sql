-- Tables with a tenant_id column that arrived beside V9's row-level security get the same wall (V9, README:
-- Tenant isolation): tenant settings (V6), rejected entries and instance validations (V7), ingest clients (V12),
-- webhooks (V13). webhook_delivery and oauth2_registered_client have no tenant_id: a delivery is reached through
-- its tenant's webhook, a registered client through its tenant's ingest_client row.
DO $$
DECLARE
    tenant_table text;
BEGIN
    FOREACH tenant_table IN ARRAY ARRAY['tenant_settings', 'ingestion_rejected_entry', 'instance_validation',
                                        'ingest_client', 'tenant_webhook']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tenant_table);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', tenant_table);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_row_visible(tenant_id))'
                       ' WITH CHECK (tenant_row_visible(tenant_id))', tenant_table);
    END LOOP;
END
$$;
