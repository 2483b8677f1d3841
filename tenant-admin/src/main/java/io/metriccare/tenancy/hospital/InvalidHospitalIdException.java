package io.metriccare.tenancy.hospital;

/** A hospital id that is not a FHIR id; callers answer it as incorrect input. */
public class InvalidHospitalIdException extends RuntimeException {

    InvalidHospitalIdException(String value) {
        super("Cannot use hospital id: it must be 1-64 letters, digits, '-' or '.', and not only dots (%s)"
                .formatted(value == null ? "null" : abbreviate(value)));
    }

    private static String abbreviate(String value) {
        String printable = value.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 80 ? printable.substring(0, 80) + "…" : printable;
    }
}
