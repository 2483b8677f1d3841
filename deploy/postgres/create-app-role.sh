#!/bin/sh
# The role MetricCare's application connects as (README: Tenant isolation): no superuser, no BYPASSRLS, owns
# nothing, so PostgreSQL row-level security applies to it. The migrations, run as the owner, grant it table access.
# Run once by the postgres image's entrypoint (docker-entrypoint-initdb.d) or by hand:
#   METRICCARE_APP_PASSWORD=... POSTGRES_USER=<admin> POSTGRES_DB=metriccare sh create-app-role.sh
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -v app_password="$METRICCARE_APP_PASSWORD" <<'SQL'
CREATE ROLE metriccare_app LOGIN PASSWORD :'app_password' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
SQL
