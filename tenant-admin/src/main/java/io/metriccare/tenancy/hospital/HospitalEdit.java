package io.metriccare.tenancy.hospital;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A tenant admin's validated change to a hospital; a null field stays as it is.
 *
 * @param ccn      CMS Certification Number: 2-digit state code, a digit or a unit letter, 3 digits
 * @param state    USPS code, upper case
 * @param timeZone IANA zone id, e.g. {@code America/Chicago}
 */
public record HospitalEdit(String name, String ccn, String state, String timeZone, Integer staffedBeds) {

    private static final int MAX_NAME = 300;
    private static final Pattern CCN = Pattern.compile("[0-9]{2}[0-9A-Z][0-9]{3}");

    /**
     * Checks every given field; the first bad one fails the whole edit with {@link InvalidHospitalEditException}.
     */
    public static HospitalEdit of(String name, String ccn, String state, String timeZone, Integer staffedBeds) {
        if (name == null && ccn == null && state == null && timeZone == null && staffedBeds == null) {
            throw new InvalidHospitalEditException(
                    "Cannot edit hospital: the request changes nothing; give name, ccn, state, timeZone or staffedBeds");
        }
        if (name != null && (name.isBlank() || name.length() > MAX_NAME)) {
            throw invalid("name must be 1-%d characters and not blank".formatted(MAX_NAME), name);
        }
        if (ccn != null && !CCN.matcher(ccn).matches()) {
            throw invalid("ccn must be a CMS Certification Number: 2-digit state code, a digit or unit letter, 3 digits", ccn);
        }
        String upperState = state == null ? null : state.toUpperCase(Locale.ROOT);
        if (upperState != null && !UspsStates.isCode(upperState)) {
            throw invalid("state must be a USPS state or territory code", state);
        }
        if (timeZone != null && !ZoneId.getAvailableZoneIds().contains(timeZone)) {
            throw invalid("timeZone must be an IANA time zone id such as America/Chicago", timeZone);
        }
        if (staffedBeds != null && staffedBeds < 0) {
            throw invalid("staffedBeds must be 0 or more", staffedBeds);
        }
        return new HospitalEdit(name, ccn, upperState, timeZone, staffedBeds);
    }

    /** The API names of the fields this edit sets. */
    List<String> fieldNames() {
        List<String> fields = new ArrayList<>();
        if (name != null) {
            fields.add("name");
        }
        if (ccn != null) {
            fields.add("ccn");
        }
        if (state != null) {
            fields.add("state");
        }
        if (timeZone != null) {
            fields.add("timeZone");
        }
        if (staffedBeds != null) {
            fields.add("staffedBeds");
        }
        return fields;
    }

    private static InvalidHospitalEditException invalid(String rule, Object value) {
        String shown = String.valueOf(value).replaceAll("\\p{Cntrl}", "?");
        return new InvalidHospitalEditException("Cannot edit hospital: %s (%s)"
                .formatted(rule, shown.length() > 80 ? shown.substring(0, 80) + "…" : shown));
    }
}
