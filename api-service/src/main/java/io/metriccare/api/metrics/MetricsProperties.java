package io.metriccare.api.metrics;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** @param suppressionThreshold KPI-SPEC §6: values whose denominator is below it are not shown; tenants may set their own */
@ConfigurationProperties("metriccare.metrics")
@Validated
public record MetricsProperties(@Min(1) int suppressionThreshold) {
}
