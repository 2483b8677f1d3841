package io.metriccare.ingest.validation;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** @param threads how many submissions are instance-validated at once, in the background */
@ConfigurationProperties("metriccare.ingest.instance-validation")
@Validated
public record InstanceValidationProperties(@DefaultValue("1") @Min(1) int threads) {
}
