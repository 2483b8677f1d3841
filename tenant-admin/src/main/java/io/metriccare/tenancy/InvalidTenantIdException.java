package io.metriccare.tenancy;

/** A tenant id that does not have the allowed form; callers answer it as incorrect input. */
public class InvalidTenantIdException extends RuntimeException {

    InvalidTenantIdException(String value) {
        super("Cannot use tenant id: it must be 1-63 lower-case letters, digits or inner hyphens (%s)"
                .formatted(value == null ? "null" : abbreviate(value)));
    }

    private static String abbreviate(String value) {
        String printable = value.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 80 ? printable.substring(0, 80) + "…" : printable;
    }
}
