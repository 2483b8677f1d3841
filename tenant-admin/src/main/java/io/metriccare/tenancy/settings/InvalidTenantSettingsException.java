package io.metriccare.tenancy.settings;

/** Settings a tenant cannot have; callers answer it as incorrect input and change nothing. */
public class InvalidTenantSettingsException extends RuntimeException {

    InvalidTenantSettingsException(String reason) {
        super("Cannot change tenant settings: " + reason);
    }
}
