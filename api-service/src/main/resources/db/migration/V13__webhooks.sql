-- Per-tenant webhooks for ETL run notifications, and one delivery row per (event, webhook).
CREATE TABLE tenant_webhook (
    webhook_id   uuid          PRIMARY KEY,
    tenant_id    varchar(63)   NOT NULL REFERENCES tenant (tenant_id),
    url          varchar(2048) NOT NULL,
    -- The HMAC key; kept readable because every delivery is signed with it. Shown to the tenant once.
    secret       varchar(64)   NOT NULL,
    event_types  varchar(32)[] NOT NULL CHECK (cardinality(event_types) > 0),
    enabled      boolean       NOT NULL DEFAULT true,
    created_at   timestamptz   NOT NULL
);

CREATE INDEX tenant_webhook_tenant ON tenant_webhook (tenant_id);

-- A delivery survives restarts: the dispatcher sends what is pending and due, and records each attempt.
-- payload is json, not jsonb: its text is exactly the body that is sent and signed, in our key order.
CREATE TABLE webhook_delivery (
    delivery_id      uuid         PRIMARY KEY,
    webhook_id       uuid         NOT NULL REFERENCES tenant_webhook (webhook_id) ON DELETE CASCADE,
    event_id         uuid         NOT NULL,
    event_type       varchar(32)  NOT NULL,
    payload          json         NOT NULL,
    status           varchar(16)  NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempt_count    integer      NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz,
    last_attempt_at  timestamptz,
    last_status_code integer,
    last_error       text,
    created_at       timestamptz  NOT NULL,
    UNIQUE (webhook_id, event_id)
);

CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_delivery_recent ON webhook_delivery (webhook_id, created_at DESC);
