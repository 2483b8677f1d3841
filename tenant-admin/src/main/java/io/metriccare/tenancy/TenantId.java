package io.metriccare.tenancy;

import java.util.regex.Pattern;

/**
 * A tenant's identifier. It names lake partitions and object keys, so only lower-case letters,
 * digits and inner hyphens are allowed: nothing that could escape a path or a SQL literal.
 */
public record TenantId(String value) {

    private static final Pattern FORMAT = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

    public TenantId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new InvalidTenantIdException(value);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
