package io.metriccare.api.etl;

/** A run request that cannot be carried out as asked; answered as incorrect input. */
public class IllegalRunRequestException extends RuntimeException {

    IllegalRunRequestException(String message) {
        super(message);
    }
}
