-- What each encounter contributes to a month's KPI row (issue 6: drill-down to the encounters and the
-- submissions behind a numerator and denominator), and KPI-SPEC §3's HAI events per code. Both are the
-- Gold outputs of the last successful run per tenant, replaced per tenant with its kpi_result rows.
CREATE TABLE kpi_lineage (
    tenant_id    varchar(63) NOT NULL REFERENCES tenant (tenant_id),
    hospital_id  varchar(64) NOT NULL,
    period_start date        NOT NULL,
    measure      varchar(32) NOT NULL,
    encounter_id varchar(64) NOT NULL,
    ingestion_id uuid        NOT NULL,
    numerator    bigint      NOT NULL,
    denominator  bigint      NOT NULL,
    pending      bigint      NOT NULL DEFAULT 0,
    run_id       uuid        NOT NULL REFERENCES etl_run (run_id),
    -- column order serves the drill-down: one hospital's measure over a range of months
    PRIMARY KEY (tenant_id, hospital_id, measure, period_start, encounter_id)
);

CREATE TABLE hai_event_count (
    tenant_id    varchar(63)  NOT NULL REFERENCES tenant (tenant_id),
    hospital_id  varchar(64)  NOT NULL,
    period_grain varchar(8)   NOT NULL CHECK (period_grain IN ('month', 'quarter', 'year')),
    period_start date         NOT NULL,
    code_system  varchar(255) NOT NULL,
    code         varchar(64)  NOT NULL,
    events       bigint       NOT NULL,
    run_id       uuid         NOT NULL REFERENCES etl_run (run_id),
    PRIMARY KEY (tenant_id, hospital_id, period_grain, period_start, code_system, code)
);

-- Tenant data: the same wall as every other tenant table (V9, V15).
ALTER TABLE kpi_lineage ENABLE ROW LEVEL SECURITY;
ALTER TABLE kpi_lineage FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON kpi_lineage USING (tenant_row_visible(tenant_id)) WITH CHECK (tenant_row_visible(tenant_id));

ALTER TABLE hai_event_count ENABLE ROW LEVEL SECURITY;
ALTER TABLE hai_event_count FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON hai_event_count USING (tenant_row_visible(tenant_id)) WITH CHECK (tenant_row_visible(tenant_id));
