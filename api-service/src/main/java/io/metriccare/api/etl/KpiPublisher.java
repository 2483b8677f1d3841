package io.metriccare.api.etl;

import java.sql.Date;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.metriccare.ingest.ledger.IngestionLedger;
import io.metriccare.tenancy.hospital.HospitalRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Publishes a successful run into the serving tables in one transaction: the run's tenants get its KPI facts and HAI
 * events per code in place of the previous ones, its lineage replaces the published lineage it names (a tenant's
 * whole lineage, or the encounters the run derived again), its hospitals are registered, its inputs are marked
 * processed and the run succeeded. Readers see the old results or the new ones, never a mix.
 */
@Component
class KpiPublisher {

    private static final int BATCH_SIZE = 1000;

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

    @Transactional
    public void publish(UUID runId, List<String> tenantIds, Collection<UUID> inputs, GoldOutput output) {
        if (!runs.markSucceeded(runId, output.summaryJson(), clock.instant())) {
            throw new IllegalStateException("Cannot publish run: it was cancelled (%s)".formatted(runId));
        }
        output.hospitals().forEach(hospitals::register);
        String[] recomputed = tenantIds.toArray(String[]::new);
        replaceKpis(runId, recomputed, output.kpis());
        replaceLineage(runId, tenantIds, output);
        replaceHaiEventCounts(runId, recomputed, output.haiEventCounts());
        ledger.markProcessed(inputs, runId);
    }

    private void replaceKpis(UUID runId, String[] tenantIds, List<GoldOutput.KpiFact> kpis) {
        jdbc.sql("DELETE FROM kpi_result WHERE tenant_id = ANY (?)").param(tenantIds).update();
        jdbcTemplate.batchUpdate("""
                        INSERT INTO kpi_result (tenant_id, hospital_id, period_grain, period_start, measure,
                                                numerator, denominator, pending, run_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                kpis, BATCH_SIZE, (statement, kpi) -> {
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
    }

    private void replaceLineage(UUID runId, List<String> tenantIds, GoldOutput output) {
        Map<String, List<String>> replacedEncounters = new TreeMap<>();
        for (GoldOutput.ReplacedLineage replaced : output.replacedLineage()) {
            if (!tenantIds.contains(replaced.tenantId())) {
                throw new IllegalStateException("Cannot publish run: its lineage names a tenant it did not compute (%s)"
                        .formatted(replaced.tenantId()));
            }
            if (replaced.encounterId() == null) {
                jdbc.sql("DELETE FROM kpi_lineage WHERE tenant_id = ?").param(replaced.tenantId()).update();
            } else {
                replacedEncounters.computeIfAbsent(replaced.tenantId(), tenant -> new ArrayList<>()).add(replaced.encounterId());
            }
        }
        replacedEncounters.forEach((tenant, encounters) ->
                jdbc.sql("DELETE FROM kpi_lineage WHERE tenant_id = ? AND encounter_id = ANY (?)")
                        .params(tenant, encounters.toArray(String[]::new))
                        .update());
        jdbcTemplate.batchUpdate("""
                        INSERT INTO kpi_lineage (tenant_id, hospital_id, period_start, measure, encounter_id, ingestion_id,
                                                 numerator, denominator, pending, run_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                output.lineage(), BATCH_SIZE, (statement, member) -> {
                    statement.setString(1, member.tenantId());
                    statement.setString(2, member.hospitalId());
                    statement.setDate(3, Date.valueOf(member.periodStart()));
                    statement.setString(4, member.measure());
                    statement.setString(5, member.encounterId());
                    statement.setObject(6, member.ingestionId());
                    statement.setLong(7, member.numerator());
                    statement.setLong(8, member.denominator());
                    statement.setLong(9, member.pending());
                    statement.setObject(10, runId);
                });
    }

    private void replaceHaiEventCounts(UUID runId, String[] tenantIds, List<GoldOutput.HaiEventCount> counts) {
        jdbc.sql("DELETE FROM hai_event_count WHERE tenant_id = ANY (?)").param(tenantIds).update();
        jdbcTemplate.batchUpdate("""
                        INSERT INTO hai_event_count (tenant_id, hospital_id, period_grain, period_start, code_system, code,
                                                     events, run_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                counts, BATCH_SIZE, (statement, count) -> {
                    statement.setString(1, count.tenantId());
                    statement.setString(2, count.hospitalId());
                    statement.setString(3, count.periodGrain());
                    statement.setDate(4, Date.valueOf(count.periodStart()));
                    statement.setString(5, count.codeSystem());
                    statement.setString(6, count.code());
                    statement.setLong(7, count.events());
                    statement.setObject(8, runId);
                });
    }
}
