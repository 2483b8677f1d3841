package io.metriccare.api.problems;

/** The request contradicts the current state of what it names, e.g. cancelling a run that has ended. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
