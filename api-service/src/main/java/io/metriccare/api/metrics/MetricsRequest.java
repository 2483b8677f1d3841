package io.metriccare.api.metrics;

import java.time.LocalDate;

/** A validated metrics range. */
record MetricsRequest(LocalDate from, LocalDate to, Grain grain) {

    /** A range of months, the grain KPI lineage is kept in. */
    static MetricsRequest months(LocalDate from, LocalDate to) {
        return validate(from, to, Grain.MONTH.code());
    }

    static MetricsRequest validate(LocalDate from, LocalDate to, String grain) {
        if (from.isAfter(to)) {
            throw new InvalidMetricsRequestException("Cannot query metrics: 'from' is after 'to' (%s > %s)".formatted(from, to));
        }
        Grain parsed = switch (grain) {
            case "month" -> Grain.MONTH;
            case "quarter" -> Grain.QUARTER;
            case "year" -> Grain.YEAR;
            default -> throw new InvalidMetricsRequestException(
                    "Cannot query metrics: grain must be month, quarter or year (%s)".formatted(grain));
        };
        return new MetricsRequest(from, to, parsed);
    }
}
