package io.metriccare.tenancy.hospital;

import java.util.regex.Pattern;

/**
 * A hospital's identifier: the logical id of its FHIR Organization, so FHIR's id syntax
 * ({@code [A-Za-z0-9\-\.]{1,64}}), minus ids made only of dots, which read as path navigation.
 */
public record HospitalId(String value) {

    private static final Pattern FORMAT = Pattern.compile("(?!\\.+$)[A-Za-z0-9\\-.]{1,64}");

    public HospitalId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new InvalidHospitalIdException(value);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
