package io.metriccare.api.metrics;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.hospital.Hospital;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads the published lineage of one measure of a hospital: each encounter's contribution per month, over
 * the months that start in the range (the month of {@code from} included, as the metrics endpoint counts them).
 */
@Component
class KpiLineageQuery {

    private final JdbcClient jdbc;

    KpiLineageQuery(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    KpiLineage query(TenantId tenant, Hospital hospital, Measure measure, LocalDate from, LocalDate to) {
        List<KpiLineage.Contribution> encounters = jdbc.sql("""
                        SELECT period_start, encounter_id, ingestion_id, numerator, denominator, pending FROM kpi_lineage
                        WHERE tenant_id = ? AND hospital_id = ? AND measure = ? AND period_start BETWEEN ? AND ?
                        ORDER BY period_start, encounter_id
                        """)
                .params(tenant.value(), hospital.hospitalId(), measure.code(), Date.valueOf(Grain.MONTH.startOf(from)), Date.valueOf(to))
                .query((rs, row) -> new KpiLineage.Contribution(rs.getDate("period_start").toLocalDate(), rs.getString("encounter_id"),
                        rs.getObject("ingestion_id", UUID.class), rs.getLong("numerator"), rs.getLong("denominator"),
                        rs.getLong("pending")))
                .list();
        return new KpiLineage(tenant.value(), hospital.hospitalId(), measure.code(), from, to,
                encounters.stream().mapToLong(KpiLineage.Contribution::numerator).sum(),
                encounters.stream().mapToLong(KpiLineage.Contribution::denominator).sum(),
                encounters.stream().mapToLong(KpiLineage.Contribution::pending).sum(),
                encounters);
    }
}
