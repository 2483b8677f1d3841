package io.metriccare.api.isolation;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.metriccare.tenancy.InvalidTenantIdException;
import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.database.DatabaseTenantScope.Scope;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;
import org.springframework.web.util.UrlPathHelper;

/**
 * The database scope of a request: the tenant it addresses, from its path ({@code /fhir/{tenantId}/**},
 * {@code /api/v1/tenants/{tenantId}/**}) or its {@code tenantId} query parameter. A request that names a tenant
 * in a form that is not a tenant id, or two different tenants, gets no rows at all. A request that names none
 * works in platform scope.
 * <p>
 * This is the one place where the authenticated caller is to be taken into account. Until then the first wall
 * (the path tenant must equal the token's tenant unless platform_admin) has to make sure that only
 * platform_admin reaches requests without a tenant; once the principal is known here, such a request from any
 * other caller should get the token's tenant, or nothing.
 */
@Component
public class RequestTenantResolver {

    private static final Pattern TENANT_IN_PATH = Pattern.compile("^/(?:fhir|api/v1/tenants)/([^/]+)(?:/.*)?$");
    private static final String TENANT_PARAMETER = "tenantId";

    public Scope resolve(HttpServletRequest request) {
        String fromPath = tenantInPath(request);
        List<String> fromQuery = tenantsInQuery(request);
        if (fromPath == null && fromQuery.isEmpty()) {
            return Scope.PLATFORM;
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
