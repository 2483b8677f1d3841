-- Tenant isolation in the database: the second wall, under the request check (README: Tenant isolation).
--
-- Migrations run as the owner of the tables; the application connects as ${app_role}, which is no superuser,
-- has no BYPASSRLS and owns nothing (the service refuses to start otherwise). Every table holding tenant data
-- (every table with a tenant_id column) has row-level security enabled and forced; forced, so that the owner is
-- bound too unless it is a superuser. A row is visible and writable only when its tenant_id equals the
-- setting metriccare.tenant_id of the session, or when the session is in platform scope (metriccare.platform =
-- 'on'), which the application uses for platform administration and system work only. With neither setting a
-- session sees no rows and can write none: fail closed. The application sets both on every connection it
-- takes from its pool (DatabaseTenantScope).
--
-- Tenant data under RLS: tenant, hospital, ingestion (the ledger, including its idempotency keys),
-- bulk_import_job, kpi_result; audit_event from V10.
-- Not tenant data, so without RLS: etl_run (run bookkeeping: a run spans tenants, listed in tenant_ids, and
-- holds no tenant's rows), flyway_schema_history (not granted to the application at all).

DO $$
BEGIN
    IF '${app_role}' = current_user THEN
        RAISE EXCEPTION 'Cannot migrate: the application role (${app_role}) is the owner running the migrations; connect the application as another role (README: Tenant isolation)';
    END IF;
END
$$;

CREATE FUNCTION tenant_row_visible(row_tenant_id varchar) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
        SELECT row_tenant_id = NULLIF(current_setting('metriccare.tenant_id', true), '')
            OR coalesce(current_setting('metriccare.platform', true), '') = 'on'
    $$;

ALTER TABLE tenant ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant USING (tenant_row_visible(tenant_id)) WITH CHECK (tenant_row_visible(tenant_id));

ALTER TABLE hospital ENABLE ROW LEVEL SECURITY;
ALTER TABLE hospital FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON hospital USING (tenant_row_visible(tenant_id)) WITH CHECK (tenant_row_visible(tenant_id));

ALTER TABLE ingestion ENABLE ROW LEVEL SECURITY;
ALTER TABLE ingestion FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ingestion USING (tenant_row_visible(tenant_id)) WITH CHECK (tenant_row_visible(tenant_id));

ALTER TABLE bulk_import_job ENABLE ROW LEVEL SECURITY;
ALTER TABLE bulk_import_job FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON bulk_import_job USING (tenant_row_visible(tenant_id)) WITH CHECK (tenant_row_visible(tenant_id));

ALTER TABLE kpi_result ENABLE ROW LEVEL SECURITY;
ALTER TABLE kpi_result FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON kpi_result USING (tenant_row_visible(tenant_id)) WITH CHECK (tenant_row_visible(tenant_id));

-- The application role's access: data only, on the tables of today and (default privileges) of later migrations.
GRANT USAGE ON SCHEMA ${flyway:defaultSchema} TO ${app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${flyway:defaultSchema} TO ${app_role};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${flyway:defaultSchema} TO ${app_role};
REVOKE ALL ON ${flyway:table} FROM ${app_role};
ALTER DEFAULT PRIVILEGES IN SCHEMA ${flyway:defaultSchema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app_role};
ALTER DEFAULT PRIVILEGES IN SCHEMA ${flyway:defaultSchema} GRANT USAGE, SELECT ON SEQUENCES TO ${app_role};
