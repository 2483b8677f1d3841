package io.metriccare.api.metrics;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The KPIs of one hospital over a date range.
 *
 * @param total   each KPI over the whole range: numerators and denominators summed over its periods
 * @param periods each period of the grain that starts inside the range
 * @param runId   the ETL run that published these numbers
 */
record HospitalMetrics(String tenantId, String hospitalId, String hospitalName, LocalDate from, LocalDate to,
                       String grain, UUID runId, List<KpiValue> total, List<PeriodMetrics> periods) {

    record PeriodMetrics(LocalDate periodStart, LocalDate periodEnd, List<KpiValue> kpis) {
    }
}
