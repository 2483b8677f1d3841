package io.metriccare.api.security;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.metriccare.api.security.Permission.TenantScope;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;

import static io.metriccare.api.security.Role.CLINICIAN;
import static io.metriccare.api.security.Role.COMPLIANCE_OFFICER;
import static io.metriccare.api.security.Role.INGEST;
import static io.metriccare.api.security.Role.TENANT_ADMIN;
import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.PATCH;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

/**
 * Who may call what: the API's one permission table, enforced for every request. {@code platform_admin}
 * may call every endpoint for every tenant; any other role only the endpoints listed for it, and only
 * for the tenant its token names (the tenant wall). A request that no row covers is refused, so a new
 * endpoint stays closed until it has its row here (and its line in the README's permission table and
 * its entry in the isolation matrix test). Paths are written as the controllers map them; when several
 * rows match a request, the most specific path wins, as in Spring MVC.
 */
@Component
public class Permissions implements AuthorizationManager<RequestAuthorizationContext> {

    private static final List<Permission> TABLE = List.of(
            // the API description, Swagger UI and the error page
            open(GET, "/v3/api-docs"),
            open(GET, "/v3/api-docs.yaml"),
            open(GET, "/v3/api-docs/**"),
            open(GET, "/swagger-ui.html"),
            open(GET, "/swagger-ui/**"),
            open(null, "/error"),

            // tenants
            platformAdmin(POST, "/api/v1/tenants"),
            platformAdmin(GET, "/api/v1/tenants"),
            tenantInPath(GET, "/api/v1/tenants/{tenantId}", TENANT_ADMIN, COMPLIANCE_OFFICER, CLINICIAN),
            platformAdmin(PATCH, "/api/v1/tenants/{tenantId}"),
            platformAdmin(POST, "/api/v1/tenants/{tenantId}/suspend"),
            platformAdmin(POST, "/api/v1/tenants/{tenantId}/reactivate"),
            platformAdmin(DELETE, "/api/v1/tenants/{tenantId}"),
            platformAdmin(GET, "/api/v1/tenants/{tenantId}/purge"),

            // hospitals
            tenantInPath(GET, "/api/v1/tenants/{tenantId}/hospitals", TENANT_ADMIN, COMPLIANCE_OFFICER, CLINICIAN),
            tenantInPath(GET, "/api/v1/tenants/{tenantId}/hospitals/{hospitalId}", TENANT_ADMIN, COMPLIANCE_OFFICER, CLINICIAN),
            tenantInPath(PATCH, "/api/v1/tenants/{tenantId}/hospitals/{hospitalId}", TENANT_ADMIN),

            // run notifications of the tenant
            tenantInPath(POST, "/api/v1/tenants/{tenantId}/webhooks", TENANT_ADMIN),
            tenantInPath(GET, "/api/v1/tenants/{tenantId}/webhooks", TENANT_ADMIN),
            tenantInPath(GET, "/api/v1/tenants/{tenantId}/webhooks/{webhookId}", TENANT_ADMIN),
            tenantInPath(PATCH, "/api/v1/tenants/{tenantId}/webhooks/{webhookId}", TENANT_ADMIN),
            tenantInPath(DELETE, "/api/v1/tenants/{tenantId}/webhooks/{webhookId}", TENANT_ADMIN),
            tenantInPath(GET, "/api/v1/tenants/{tenantId}/webhooks/{webhookId}/deliveries", TENANT_ADMIN),

            // tenant settings: thresholds, schedules and validation policy are the tenant admin's
            tenantInPath(GET, "/api/v1/tenants/{tenantId}/settings", TENANT_ADMIN, COMPLIANCE_OFFICER),
            tenantInPath(PUT, "/api/v1/tenants/{tenantId}/settings", TENANT_ADMIN),

            // ingest clients
            tenantInPath(POST, "/api/v1/tenants/{tenantId}/ingest-clients", TENANT_ADMIN),
            tenantInPath(GET, "/api/v1/tenants/{tenantId}/ingest-clients", TENANT_ADMIN),
            tenantInPath(POST, "/api/v1/tenants/{tenantId}/ingest-clients/{clientId}/secret", TENANT_ADMIN),
            tenantInPath(DELETE, "/api/v1/tenants/{tenantId}/ingest-clients/{clientId}", TENANT_ADMIN),

            // FHIR ingest
            open(GET, "/fhir/{tenantId}/metadata"),
            tenantInPath(POST, "/fhir/{tenantId}", INGEST),
            tenantInPath(POST, "/fhir/{tenantId}/", INGEST),
            tenantInPath(POST, "/fhir/{tenantId}/Bundle", INGEST),
            tenantInPath(POST, "/fhir/{tenantId}/{resourceType}", INGEST),
            tenantInPath(POST, "/fhir/{tenantId}/$import", INGEST),
            tenantInPath(GET, "/fhir/{tenantId}/$import-status/{jobId}", INGEST, TENANT_ADMIN),

            // the ingestion ledger
            tenantInQuery(GET, "/api/v1/ingestions", TENANT_ADMIN, INGEST, COMPLIANCE_OFFICER),
            tenantInQuery(GET, "/api/v1/ingestions/{ingestionId}", TENANT_ADMIN, INGEST, COMPLIANCE_OFFICER),
            tenantInQuery(GET, "/api/v1/ingestions/{ingestionId}/validation", TENANT_ADMIN, INGEST, COMPLIANCE_OFFICER),

            // ETL runs span tenants
            platformAdmin(POST, "/api/v1/etl/runs"),
            platformAdmin(GET, "/api/v1/etl/runs"),
            platformAdmin(GET, "/api/v1/etl/runs/{runId}"),
            platformAdmin(GET, "/api/v1/etl/runs/{runId}/log"),
            platformAdmin(POST, "/api/v1/etl/runs/{runId}/cancel"),

            // KPIs
            tenantInQuery(GET, "/api/v1/metrics/hospitals/{hospitalId}", COMPLIANCE_OFFICER, CLINICIAN),
            tenantInQuery(GET, "/api/v1/metrics/hospitals/{hospitalId}/lineage", COMPLIANCE_OFFICER, CLINICIAN),
            tenantInQuery(GET, "/api/v1/metrics/hospitals/{hospitalId}/hai-by-code", COMPLIANCE_OFFICER, CLINICIAN),

            // the audit log: a tenant's compliance officers read its trail; the whole log is the platform's
            tenantInQuery(GET, "/api/v1/audit", COMPLIANCE_OFFICER));

    private record Match(Permission permission, Map<String, String> pathVariables) {
    }

    private static final Comparator<Match> MOST_SPECIFIC_FIRST =
            Comparator.comparing(match -> match.permission().path(), PathPattern.SPECIFICITY_COMPARATOR);

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
        HttpServletRequest request = context.getRequest();
        Caller caller = authentication.get() instanceof CallerAuthentication token ? token.caller() : null;
        return find(request.getMethod(), pathWithinApplication(request))
                .map(match -> match.permission().decide(caller, request, match.pathVariables()))
                .orElseGet(() -> Decision.denied("Cannot %s %s: no permission covers this endpoint"
                        .formatted(request.getMethod(), request.getRequestURI())));
    }

    /** The row for an endpoint as the API description names it (path variables without their regex), if any. */
    Optional<Permission> forOperation(String method, String pathTemplate) {
        return TABLE.stream()
                .filter(permission -> permission.method() != null && permission.method().matches(method))
                .filter(permission -> permission.path().getPatternString().replaceAll("\\{(\\w+):[^}]*}", "{$1}").equals(pathTemplate))
                .findFirst();
    }

    private static Optional<Match> find(String method, PathContainer path) {
        return TABLE.stream()
                .filter(permission -> permission.method() == null || permission.method().matches(method))
                .flatMap(permission -> Optional.ofNullable(permission.path().matchAndExtract(path))
                        .map(info -> new Match(permission, info.getUriVariables())).stream())
                .min(MOST_SPECIFIC_FIRST);
    }

    private static PathContainer pathWithinApplication(HttpServletRequest request) {
        RequestPath path = ServletRequestPathUtils.hasParsedRequestPath(request)
                ? ServletRequestPathUtils.getParsedRequestPath(request)
                : RequestPath.parse(request.getRequestURI(), request.getContextPath());
        return path.pathWithinApplication();
    }

    private static Permission open(HttpMethod method, String path) {
        return Permission.of(method, path, TenantScope.PUBLIC);
    }

    private static Permission platformAdmin(HttpMethod method, String path) {
        return Permission.of(method, path, TenantScope.PLATFORM);
    }

    private static Permission tenantInPath(HttpMethod method, String path, Role... roles) {
        return Permission.of(method, path, TenantScope.PATH, roles);
    }

    private static Permission tenantInQuery(HttpMethod method, String path, Role... roles) {
        return Permission.of(method, path, TenantScope.QUERY, roles);
    }
}
