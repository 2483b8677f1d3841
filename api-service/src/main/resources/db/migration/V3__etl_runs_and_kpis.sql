-- ETL runs and the serving tables they publish into.
CREATE TABLE etl_run (
    run_id             uuid         PRIMARY KEY,
    tenant_ids         varchar(63)[] NOT NULL,
    data_through_dates jsonb        NOT NULL DEFAULT '{}',
    engine             varchar(32)  NOT NULL,
    status             varchar(16)  NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    requested_at       timestamptz  NOT NULL,
    started_at         timestamptz,
    finished_at        timestamptz,
    input_count        integer,
    summary            jsonb,
    error              text
);

CREATE INDEX etl_run_requested ON etl_run (requested_at DESC);

-- Gold KPI facts of the last successful run per tenant; replaced per tenant in one transaction.
CREATE TABLE kpi_result (
    tenant_id     varchar(63) NOT NULL REFERENCES tenant (tenant_id),
    hospital_id   varchar(64) NOT NULL,
    period_grain  varchar(8)  NOT NULL CHECK (period_grain IN ('month', 'quarter', 'year')),
    period_start  date        NOT NULL,
    measure       varchar(32) NOT NULL,
    numerator     bigint      NOT NULL,
    denominator   bigint      NOT NULL,
    pending       bigint      NOT NULL DEFAULT 0,
    run_id        uuid        NOT NULL REFERENCES etl_run (run_id),
    PRIMARY KEY (tenant_id, hospital_id, period_grain, period_start, measure)
);
