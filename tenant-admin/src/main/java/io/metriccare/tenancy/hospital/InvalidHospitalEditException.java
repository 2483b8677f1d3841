package io.metriccare.tenancy.hospital;

/** A hospital edit with a value that breaks its field's rule; callers answer it as incorrect input. */
public class InvalidHospitalEditException extends RuntimeException {

    InvalidHospitalEditException(String message) {
        super(message);
    }
}
