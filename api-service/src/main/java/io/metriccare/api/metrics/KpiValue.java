package io.metriccare.api.metrics;

/**
 * One KPI over one period (or the whole requested range).
 *
 * @param value      the rate on the measure's scale, unrounded; null when suppressed
 * @param suppressed KPI-SPEC §6: the denominator is below the suppression threshold
 * @param pending    readmission_30d only: stays whose 30-day follow-up window is not complete yet
 */
record KpiValue(String measure, String unit, long numerator, long denominator, Double value, boolean suppressed,
                String reason, Long pending) {

    static KpiValue of(Measure measure, long numerator, long denominator, long pending, int suppressionThreshold) {
        boolean suppressed = denominator < suppressionThreshold;
        return new KpiValue(measure.code(), measure.unit(), numerator, denominator,
                suppressed || denominator == 0 ? null : measure.rate(numerator, denominator),
                suppressed,
                suppressed ? "denominator<" + suppressionThreshold : null,
                measure == Measure.READMISSION_30D ? pending : null);
    }
}
