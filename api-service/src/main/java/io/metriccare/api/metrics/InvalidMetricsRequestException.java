package io.metriccare.api.metrics;

/** A metrics query that cannot be answered as asked; answered as incorrect input. */
public class InvalidMetricsRequestException extends RuntimeException {

    InvalidMetricsRequestException(String message) {
        super(message);
    }
}
