package io.metriccare.api.audit;

import java.util.List;

/**
 * Who made a call, as far as its credentials tell.
 *
 * @param subject  the principal's name (a token's {@code sub}); null for anonymous calls
 * @param clientId the OAuth client, when the credentials name one
 * @param tenantId the caller's own tenant (a token's {@code tenant_id}); null for platform callers or when unknown
 * @param roles    the caller's roles (a token's {@code roles}); empty when unknown
 */
public record Caller(String subject, String clientId, String tenantId, List<String> roles) {

    public static final Caller ANONYMOUS = new Caller(null, null, null, List.of());

    public Caller {
        roles = List.copyOf(roles);
    }
}
