package io.metriccare.api.problems;

/** Something the request names does not exist (for the caller's tenant). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
