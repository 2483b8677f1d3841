package io.metriccare.api.metrics;

import java.time.LocalDate;
import java.time.temporal.IsoFields;

/** The period grains of KPI-SPEC §0. */
enum Grain {
    MONTH, QUARTER, YEAR;

    String code() {
        return name().toLowerCase();
    }

    LocalDate startOf(LocalDate date) {
        return switch (this) {
            case MONTH -> date.withDayOfMonth(1);
            case QUARTER -> date.with(IsoFields.DAY_OF_QUARTER, 1);
            case YEAR -> date.withDayOfYear(1);
        };
    }

    LocalDate endOf(LocalDate periodStart) {
        return switch (this) {
            case MONTH -> periodStart.plusMonths(1).minusDays(1);
            case QUARTER -> periodStart.plusMonths(3).minusDays(1);
            case YEAR -> periodStart.plusYears(1).minusDays(1);
        };
    }
}
