package io.metriccare.tenancy.hospital;

import java.util.Set;

/** USPS two-letter codes of the states, DC and the territories where Medicare certifies hospitals. */
final class UspsStates {

    private static final Set<String> CODES = Set.of(
            "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY",
            "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND",
            "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
            "DC", "AS", "GU", "MP", "PR", "VI");

    private UspsStates() {
    }

    static boolean isCode(String value) {
        return CODES.contains(value);
    }
}
