-- Per-tenant settings: one row per tenant that changed any; no row means the platform defaults.
-- A null suppression threshold or ETL schedule also means the platform default (service configuration).
CREATE TABLE tenant_settings (
    tenant_id             varchar(63)  PRIMARY KEY REFERENCES tenant (tenant_id),
    validation_policy     varchar(32)  NOT NULL DEFAULT 'reject-bundle'
                                       CHECK (validation_policy IN ('reject-bundle', 'accept-valid-entries')),
    instance_validation   boolean      NOT NULL DEFAULT false,
    suppression_threshold integer      CHECK (suppression_threshold >= 1),
    etl_schedule          varchar(120),
    updated_at            timestamptz  NOT NULL DEFAULT now()
);
