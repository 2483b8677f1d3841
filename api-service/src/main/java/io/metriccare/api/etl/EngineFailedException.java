package io.metriccare.api.etl;

class EngineFailedException extends RuntimeException {

    EngineFailedException(String message) {
        super(message);
    }
}
