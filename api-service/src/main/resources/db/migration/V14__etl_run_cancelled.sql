-- Operators can cancel queued and running ETL runs.
ALTER TABLE etl_run DROP CONSTRAINT etl_run_status_check;
ALTER TABLE etl_run ADD CONSTRAINT etl_run_status_check
    CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled'));
