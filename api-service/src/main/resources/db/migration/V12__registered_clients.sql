-- The local authorization server's registered clients: Spring Authorization Server's schema
-- (oauth2-registered-client-schema.sql) with timestamptz, as it advises for PostgreSQL, and unique client ids.
CREATE TABLE oauth2_registered_client (
    id                            varchar(100)  PRIMARY KEY,
    client_id                     varchar(100)  NOT NULL UNIQUE,
    client_id_issued_at           timestamptz   NOT NULL DEFAULT CURRENT_TIMESTAMP,
    client_secret                 varchar(200)  DEFAULT NULL,
    client_secret_expires_at      timestamptz   DEFAULT NULL,
    client_name                   varchar(200)  NOT NULL,
    client_authentication_methods varchar(1000) NOT NULL,
    authorization_grant_types     varchar(1000) NOT NULL,
    redirect_uris                 varchar(1000) DEFAULT NULL,
    post_logout_redirect_uris     varchar(1000) DEFAULT NULL,
    scopes                        varchar(1000) NOT NULL,
    client_settings               varchar(2000) NOT NULL,
    token_settings                varchar(2000) NOT NULL
);

-- Whose each ingest client is. Revoking deletes its registered client (no more tokens) and keeps this row.
CREATE TABLE ingest_client (
    client_id         varchar(100) PRIMARY KEY,
    tenant_id         varchar(63)  NOT NULL REFERENCES tenant (tenant_id),
    name              varchar(200) NOT NULL,
    created_by        varchar(255) NOT NULL,
    created_at        timestamptz  NOT NULL,
    secret_rotated_at timestamptz,
    revoked_at        timestamptz
);

CREATE INDEX ingest_client_tenant ON ingest_client (tenant_id, created_at);
