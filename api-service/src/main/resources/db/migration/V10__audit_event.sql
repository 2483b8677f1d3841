-- The audit log: one row per call of /api/** and /fhir/** (except the public FHIR metadata), written before the
-- response leaves the service. Append-only: the application role may only insert and read, and triggers reject
-- UPDATE, DELETE and TRUNCATE for every role, the owner included (a superuser can still drop a trigger: keeping
-- the log tamper-evident beyond this database means shipping it elsewhere too).
-- No foreign key to tenant: calls naming tenants that do not exist are recorded as well.
CREATE TABLE audit_event (
    event_id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at      timestamptz NOT NULL,
    tenant_id        varchar(63),                     -- whose data the call addressed; null for platform calls
    subject          text,                            -- who: the authenticated principal
    client_id        text,
    caller_tenant_id varchar(63),                     -- the caller's own tenant (token), null for platform callers
    roles            text[]      NOT NULL DEFAULT '{}',
    method           varchar(16) NOT NULL,            -- what: HTTP method, path with query, route pattern, resource
    path             text        NOT NULL,
    endpoint         text,
    resource         text,                            -- e.g. kpi:hospital/H1, ingestion:<id>, bundle
    status           smallint    NOT NULL             -- outcome: the HTTP status answered
);

CREATE INDEX audit_event_tenant_occurred ON audit_event (tenant_id, occurred_at DESC);
CREATE INDEX audit_event_occurred ON audit_event (occurred_at DESC);

REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM ${app_role};

CREATE FUNCTION audit_event_reject_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
    END
    $$;

CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_reject_change();

ALTER TABLE audit_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_event FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_event USING (tenant_row_visible(tenant_id)) WITH CHECK (tenant_row_visible(tenant_id));
