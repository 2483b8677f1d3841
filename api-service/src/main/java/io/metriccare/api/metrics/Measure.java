package io.metriccare.api.metrics;

import java.util.Arrays;
import java.util.Optional;

/** The served KPIs (KPI-SPEC §1–§4) and the scale each rate is expressed on. */
enum Measure {
    MORTALITY("mortality", "deaths per 100 discharges", 100),
    READMISSION_30D("readmission_30d", "percent of index stays; all readmissions (planned not removed)", 100),
    HAI_RATE("hai_rate", "infections per 1,000 patient-days", 1000),
    ALOS("alos", "days per stay", 1);

    private final String code;
    private final String unit;
    private final int scale;

    Measure(String code, String unit, int scale) {
        this.code = code;
        this.unit = unit;
        this.scale = scale;
    }

    String code() {
        return code;
    }

    String unit() {
        return unit;
    }

    double rate(long numerator, long denominator) {
        return (double) numerator * scale / denominator;
    }

    /** The measure a request names; anything else is incorrect input. */
    static Measure requested(String code) {
        return find(code).orElseThrow(() -> new InvalidMetricsRequestException(
                "Cannot query lineage: measure must be mortality, readmission_30d, hai_rate or alos (%s)".formatted(code)));
    }

    static Measure of(String code) {
        return find(code).orElseThrow(() -> new IllegalStateException("Unknown measure in serving table: " + code));
    }

    private static Optional<Measure> find(String code) {
        return Arrays.stream(values()).filter(m -> m.code.equals(code)).findFirst();
    }
}
