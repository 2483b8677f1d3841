-- A tenant's KPI value sets (KPI-SPEC: code lists are configuration, a value set per tenant with a platform default):
-- the lists the tenant replaces, in the format of the run manifest's valueSets (etl-engine/README.md); '{}' keeps
-- every platform default. The service checks the lists (KpiValueSets); this check only keeps the column an object.
-- tenant_settings stays under row-level security (V9, V15): the policy covers the new column with the row.
ALTER TABLE tenant_settings
    ADD COLUMN value_sets jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(value_sets) = 'object');
