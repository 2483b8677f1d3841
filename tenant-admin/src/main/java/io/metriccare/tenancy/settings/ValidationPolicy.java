package io.metriccare.tenancy.settings;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What happens to a submitted Bundle some of whose entries are invalid. */
public enum ValidationPolicy {

    /** Any invalid entry rejects the whole submission (the platform default). */
    REJECT_BUNDLE("reject-bundle"),

    /** Invalid entries are left out and reported; the valid ones are accepted. */
    ACCEPT_VALID_ENTRIES("accept-valid-entries");

    private final String code;

    ValidationPolicy(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The policy with this code, or {@link InvalidTenantSettingsException}. */
    public static ValidationPolicy of(String code) {
        return Arrays.stream(values()).filter(policy -> policy.code.equals(code)).findFirst()
                .orElseThrow(() -> new InvalidTenantSettingsException("validationPolicy must be %s (%s)".formatted(
                        Arrays.stream(values()).map(ValidationPolicy::code).collect(Collectors.joining(" or ")), code)));
    }
}
