-- Tenants and their hospitals. Migration versions are global across modules:
-- V1 tenancy (tenant-admin), V2 ingestion ledger (fhir-ingest), V3 ETL runs and KPIs (api-service).
CREATE TABLE tenant (
    tenant_id   varchar(63) PRIMARY KEY,
    name        varchar(200) NOT NULL,
    status      varchar(16)  NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    created_at  timestamptz  NOT NULL DEFAULT now()
);

-- A hospital is an Organization that encounters name as serviceProvider; registered on first sight by the ETL.
CREATE TABLE hospital (
    tenant_id     varchar(63)  NOT NULL REFERENCES tenant (tenant_id),
    hospital_id   varchar(64)  NOT NULL,
    name          varchar(300),
    ccn           varchar(16),
    state         varchar(2),
    time_zone     varchar(64)  NOT NULL DEFAULT 'UTC',
    staffed_beds  integer,
    first_seen_at timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, hospital_id)
);
