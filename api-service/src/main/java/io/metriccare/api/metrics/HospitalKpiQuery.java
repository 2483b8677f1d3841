package io.metriccare.api.metrics;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.hospital.Hospital;
import io.metriccare.tenancy.settings.TenantSettingsRepository;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads a hospital's published KPI facts and adds them up over periods and over the requested range,
 * suppressing values by the tenant's threshold, or the platform's when the tenant set none.
 */
@Component
class HospitalKpiQuery {

    private record Fact(LocalDate periodStart, Measure measure, long numerator, long denominator, long pending, UUID runId) {
    }

    private record Sum(long numerator, long denominator, long pending) {
        static final Sum ZERO = new Sum(0, 0, 0);

        static Sum of(Fact fact) {
            return new Sum(fact.numerator(), fact.denominator(), fact.pending());
        }

        Sum plus(Sum other) {
            return new Sum(numerator + other.numerator, denominator + other.denominator, pending + other.pending);
        }
    }

    private final JdbcClient jdbc;
    private final TenantSettingsRepository settings;
    private final MetricsProperties properties;

    HospitalKpiQuery(JdbcClient jdbc, TenantSettingsRepository settings, MetricsProperties properties) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.properties = properties;
    }

    HospitalMetrics query(TenantId tenant, Hospital hospital, LocalDate from, LocalDate to, Grain grain) {
        List<Fact> facts = jdbc.sql("""
                        SELECT period_start, measure, numerator, denominator, pending, run_id FROM kpi_result
                        WHERE tenant_id = ? AND hospital_id = ? AND period_grain = ? AND period_start BETWEEN ? AND ?
                        ORDER BY period_start
                        """)
                .params(tenant.value(), hospital.hospitalId(), grain.code(), Date.valueOf(grain.startOf(from)), Date.valueOf(to))
                .query((rs, row) -> new Fact(rs.getDate("period_start").toLocalDate(), Measure.of(rs.getString("measure")),
                        rs.getLong("numerator"), rs.getLong("denominator"), rs.getLong("pending"),
                        rs.getObject("run_id", UUID.class)))
                .list();

        Map<LocalDate, Map<Measure, Sum>> byPeriod = new TreeMap<>();
        Map<Measure, Sum> total = new EnumMap<>(Measure.class);
        for (Fact fact : facts) {
            byPeriod.computeIfAbsent(fact.periodStart(), p -> new EnumMap<>(Measure.class)).merge(fact.measure(), Sum.of(fact), Sum::plus);
            total.merge(fact.measure(), Sum.of(fact), Sum::plus);
        }
        int suppressionThreshold = settings.find(tenant).suppressionThresholdOr(properties.suppressionThreshold());
        List<HospitalMetrics.PeriodMetrics> periods = new ArrayList<>();
        byPeriod.forEach((start, sums) -> periods.add(
                new HospitalMetrics.PeriodMetrics(start, grain.endOf(start), values(sums, suppressionThreshold))));
        UUID runId = facts.stream().map(Fact::runId).findFirst().orElse(null);
        return new HospitalMetrics(tenant.value(), hospital.hospitalId(), hospital.name(), from, to, grain.code(), runId, values(total, suppressionThreshold), periods);
    }

    private static List<KpiValue> values(Map<Measure, Sum> sums, int suppressionThreshold) {
        List<KpiValue> values = new ArrayList<>();
        for (Measure measure : Measure.values()) {
            Sum sum = sums.getOrDefault(measure, Sum.ZERO);
            values.add(KpiValue.of(measure, sum.numerator(), sum.denominator(), sum.pending(), suppressionThreshold));
        }
        return values;
    }
}
