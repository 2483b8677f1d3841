package io.metriccare.api.etl;

import java.sql.Date;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import io.metriccare.ingest.ledger.IngestionLedger;
import io.metriccare.tenancy.hospital.HospitalRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Publishes a successful run into the serving tables in one transaction: the run's tenants get its
 * KPI facts in place of the previous ones, its hospitals are registered, its inputs are marked
 * processed and the run succeeded. Readers see the old results or the new ones, never a mix.
 */
@Component
class KpiPublisher {

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final HospitalRegistry hospitals;
    private final IngestionLedger ledger;
    private final EtlRunRepository runs;
    private final Clock clock;

    KpiPublisher(JdbcClient jdbc, JdbcTemplate jdbcTemplate, HospitalRegistry hospitals, IngestionLedger ledger,
                 EtlRunRepository runs, Clock clock) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.hospitals = hospitals;
        this.ledger = ledger;
        this.runs = runs;
        this.clock = clock;
    }

    /** Publishes nothing when the run was cancelled meanwhile; marking it succeeded first locks out a concurrent cancel. */
    @Transactional
    public void publish(UUID runId, List<String> tenantIds, Collection<UUID> inputs, GoldOutput output) {
        if (!runs.markSucceeded(runId, output.summaryJson(), clock.instant())) {
            throw new IllegalStateException("Cannot publish run: it was cancelled (%s)".formatted(runId));
        }
        output.hospitals().forEach(hospitals::register);
        jdbc.sql("DELETE FROM kpi_result WHERE tenant_id = ANY (?)").param(tenantIds.toArray(String[]::new)).update();
        jdbcTemplate.batchUpdate("""
                        INSERT INTO kpi_result (tenant_id, hospital_id, period_grain, period_start, measure,
                                                numerator, denominator, pending, run_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                output.kpis(), 1000, (statement, kpi) -> {
                    statement.setString(1, kpi.tenantId());
                    statement.setString(2, kpi.hospitalId());
                    statement.setString(3, kpi.periodGrain());
                    statement.setDate(4, Date.valueOf(kpi.periodStart()));
                    statement.setString(5, kpi.measure());
                    statement.setLong(6, kpi.numerator());
                    statement.setLong(7, kpi.denominator());
                    statement.setLong(8, kpi.pending());
                    statement.setObject(9, runId);
                });
        ledger.markProcessed(inputs, runId);
    }
}
