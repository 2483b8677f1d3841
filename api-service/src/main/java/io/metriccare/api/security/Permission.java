package io.metriccare.api.security;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpMethod;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * One row of the permission table: an endpoint (method and path template, as the controller maps it),
 * where its request names the tenant, and the roles besides {@code platform_admin} that may call it.
 */
record Permission(HttpMethod method, PathPattern path, TenantScope scope, Set<Role> roles) {

    /** Where a request names the tenant it acts on, which the tenant wall compares with the token's. */
    enum TenantScope {
        /** No token needed: API description, Swagger UI, FHIR capability statements. */
        PUBLIC,
        /** The request names no tenant (it spans tenants): platform_admin only. */
        PLATFORM,
        /** The {@code {tenantId}} path variable. */
        PATH,
        /** The {@code tenantId} query parameter (every value of it). */
        QUERY
    }

    static final String TENANT_VARIABLE = "tenantId";
    static final String TENANT_PARAMETER = "tenantId";

    Permission {
        roles = Set.copyOf(roles);
        if (roles.contains(Role.PLATFORM_ADMIN)) {
            throw new IllegalArgumentException("platform_admin may call every endpoint; do not list it (" + path + ")");
        }
        if ((scope == TenantScope.PUBLIC || scope == TenantScope.PLATFORM) != roles.isEmpty()) {
            throw new IllegalArgumentException("Only an endpoint that names its tenant can admit tenant roles, and it must admit one (" + path + ")");
        }
        if (scope == TenantScope.PATH && !path.getPatternString().contains("{" + TENANT_VARIABLE + "}")) {
            throw new IllegalArgumentException("A tenant-in-path endpoint needs a {tenantId} path variable (" + path + ")");
        }
    }

    static Permission of(HttpMethod method, String path, TenantScope scope, Role... roles) {
        return new Permission(method, PathPatternParser.defaultInstance.parse(path), scope, Set.of(roles));
    }

    /** Decides for a request this row covers; {@code caller} is null when the request carries no valid token. */
    Decision decide(Caller caller, HttpServletRequest request, Map<String, String> pathVariables) {
        if (scope == TenantScope.PUBLIC) {
            return Decision.GRANTED;
        }
        String action = "Cannot %s %s".formatted(request.getMethod(), request.getRequestURI());
        if (caller == null) {
            return Decision.denied(action + ": it needs a bearer token");
        }
        if (caller.isPlatformAdmin()) {
            return Decision.GRANTED;
        }
        if (scope == TenantScope.PLATFORM) {
            return Decision.denied(action + ": only platform_admin may (the token has roles %s)".formatted(caller.describeRoles()));
        }
        if (roles.stream().noneMatch(caller.roles()::contains)) {
            return Decision.denied(action + ": it needs one of the roles [%s] (the token has roles %s)"
                    .formatted(describe(roles), caller.describeRoles()));
        }
        List<String> requested = scope == TenantScope.PATH
                ? List.of(pathVariables.get(TENANT_VARIABLE))
                : List.of(request.getParameterValues(TENANT_PARAMETER) == null ? new String[0] : request.getParameterValues(TENANT_PARAMETER));
        if (requested.isEmpty()) {
            return Decision.denied(action + ": the request names no tenant (query parameter " + TENANT_PARAMETER + ")");
        }
        if (caller.tenantId() == null) {
            return Decision.denied(action + ": the token names no tenant");
        }
        return requested.stream().filter(tenant -> !tenant.equals(caller.tenantId())).findFirst()
                .map(other -> Decision.denied(action + ": the token is for tenant %s, the request names tenant %s"
                        .formatted(caller.tenantId(), other)))
                .orElse(Decision.GRANTED);
    }

    /** For the API description and the README: who may call this endpoint. */
    String describe() {
        return switch (scope) {
            case PUBLIC -> "Public: no token needed.";
            case PLATFORM -> "Roles: platform_admin.";
            case PATH -> "Roles: platform_admin; %s of the tenant in the path.".formatted(describe(roles));
            case QUERY -> "Roles: platform_admin; %s of the tenant in the tenantId parameter.".formatted(describe(roles));
        };
    }

    private static String describe(Set<Role> roles) {
        return roles.stream().sorted().map(Role::claimValue).collect(Collectors.joining(", "));
    }
}
