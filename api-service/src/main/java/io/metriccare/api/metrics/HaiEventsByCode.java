package io.metriccare.api.metrics;

import java.time.LocalDate;
import java.util.List;

/**
 * KPI-SPEC §3 "count of HAI events by code" of one hospital: the hai_rate numerator's events by the
 * value-set code that matched, per period and over the range.
 *
 * @param total   events per code over the whole range
 * @param periods each period of the grain that starts inside the range and has events
 */
record HaiEventsByCode(String tenantId, String hospitalId, LocalDate from, LocalDate to, String grain,
                       List<CodeEvents> total, List<PeriodEvents> periods) {

    record CodeEvents(String codeSystem, String code, long events) {
    }

    record PeriodEvents(LocalDate periodStart, LocalDate periodEnd, List<CodeEvents> codes) {
    }
}
