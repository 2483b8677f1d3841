package io.metriccare.api.isolation;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.metriccare.tenancy.InvalidTenantIdException;
import io.metriccare.api.security.Caller;
import io.metriccare.api.security.CallerAuthentication;
import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.database.DatabaseTenantScope.Scope;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;
import org.springframework.web.util.UrlPathHelper;

/**
 * The database scope of a request. A caller with a tenant works in its own tenant's scope, whatever the request
 * names: the first wall (the permission table) already refuses a request naming another tenant, and the database
 * does not take that on trust. A platform admin works in the scope of the tenant the request addresses, from its
 * path ({@code /fhir/{tenantId}/**}, {@code /api/v1/tenants/{tenantId}/**}) or its {@code tenantId} query
 * parameter, or in platform scope when it names none. Anonymous calls (the few open endpoints) get the tenant they
 * name or nothing. A tenant named in a form that is not a tenant id, or two different tenants, get no rows at all.
 */
@Component
public class RequestTenantResolver {

    private static final Pattern TENANT_IN_PATH = Pattern.compile("^/(?:fhir|api/v1/tenants)/([^/]+)(?:/.*)?$");
    private static final String TENANT_PARAMETER = "tenantId";

    public Scope resolve(HttpServletRequest request) {
        Caller caller = request.getUserPrincipal() instanceof CallerAuthentication authentication ? authentication.caller() : null;
        if (caller != null && !caller.isPlatformAdmin()) {
            return caller.tenantId() == null ? Scope.NONE : tenant(caller.tenantId());
        }
        String fromPath = tenantInPath(request);
        List<String> fromQuery = tenantsInQuery(request);
        if (fromPath == null && fromQuery.isEmpty()) {
            return caller == null ? Scope.NONE : Scope.PLATFORM;
        }
        String named = fromPath != null ? fromPath : fromQuery.get(0);
        boolean ambiguous = fromQuery.stream().anyMatch(tenant -> !tenant.equals(named));
        return ambiguous ? Scope.NONE : tenant(named);
    }

    private static String tenantInPath(HttpServletRequest request) {
        Matcher matcher = TENANT_IN_PATH.matcher(UrlPathHelper.defaultInstance.getPathWithinApplication(request));
        return matcher.matches() ? matcher.group(1) : null;
    }

    /** From the query string only: reading request parameters could consume a form-encoded body. */
    private static List<String> tenantsInQuery(HttpServletRequest request) {
        if (request.getQueryString() == null) {
            return List.of();
        }
        List<String> values = UriComponentsBuilder.newInstance().query(request.getQueryString()).build().getQueryParams()
                .get(TENANT_PARAMETER);
        return values == null ? List.of() : values.stream().map(value -> value == null ? "" : UriUtils.decode(value, StandardCharsets.UTF_8))
                .toList();
    }

    private static Scope tenant(String value) {
        try {
            return Scope.of(new TenantId(value));
        } catch (InvalidTenantIdException e) {
            return Scope.NONE;
        }
    }
}
