package io.metriccare.api.security;

import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.security.core.AuthenticatedPrincipal;

/**
 * Who is calling, as the access token says. Controllers can take it as a parameter annotated
 * {@code @AuthenticationPrincipal}.
 *
 * @param subject  the token's {@code sub}: a user, or the client id of a machine client
 * @param tenantId the tenant the token names; {@code null} when it names none (a platform admin may)
 * @param roles    the roles the token grants that MetricCare knows
 */
public record Caller(String subject, String tenantId, Set<Role> roles) implements AuthenticatedPrincipal {

    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean isPlatformAdmin() {
        return roles.contains(Role.PLATFORM_ADMIN);
    }

    /** The roles as tokens write them, sorted, for messages. */
    public String describeRoles() {
        return roles.stream().map(Role::claimValue).sorted().collect(Collectors.joining(", ", "[", "]"));
    }

    @Override
    public String getName() {
        return subject;
    }
}
