package io.metriccare.api.audit;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

import io.metriccare.api.isolation.RequestTenantResolver;
import io.metriccare.tenancy.TenantId;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.UrlPathHelper;

/**
 * Writes every call of {@code /api/**} and {@code /fhir/**} (except the public FHIR metadata) to the audit log
 * once its response is decided, and before that response leaves the service: no audit row, no answer. The
 * response is held back until the row is written; when the write fails the caller gets 503 instead (problem
 * details, or an OperationOutcome on FHIR endpoints) and nothing of the original answer. Compliance needs every
 * access to PHI and KPIs on record, and an answer that cannot be recorded must not reach the caller. A write (an ingestion)
 * that cannot be recorded has happened; the 503 makes the client repeat it, and the repeat, answered from the
 * ledger without storing anything again, is recorded.
 */
@Component
@Order(AuditFilter.ORDER)
class AuditFilter extends OncePerRequestFilter {

    /** After Spring Security's filter chain (order -100), so the principal is known; around the request's tenant scope. */
    static final int ORDER = -90;

    private static final Logger log = LoggerFactory.getLogger(AuditFilter.class);
    private static final Pattern PUBLIC_METADATA = Pattern.compile("/fhir/[^/]+/metadata");

    private final AuditLog auditLog;
    private final CallerResolver callers;
    private final RequestTenantResolver tenants;
    private final HandlerExceptionResolver problems;
    private final Clock clock;

    AuditFilter(AuditLog auditLog, CallerResolver callers, RequestTenantResolver tenants,
                @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems, Clock clock) {
        this.auditLog = auditLog;
        this.callers = callers;
        this.tenants = tenants;
        this.problems = problems;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = UrlPathHelper.defaultInstance.getPathWithinApplication(request);
        return !(path.startsWith("/api/") || path.startsWith("/fhir/")) || PUBLIC_METADATA.matcher(path).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Instant occurredAt = clock.instant();
        ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
        boolean answered = false;
        try {
            chain.doFilter(request, held);
            answered = true;
        } finally {
            if (!answered) {
                recordFailure(request, occurredAt);
            }
        }
        try {
            auditLog.record(event(request, held.getStatus(), occurredAt));
        } catch (RuntimeException e) {
            log.error("Cannot write the audit event of {} {}: the response is withheld", request.getMethod(), request.getRequestURI(), e);
            if (!response.isCommitted()) {
                response.reset();
                problems.resolveException(request, response, null, new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
                        "Cannot answer the request: it could not be recorded in the audit log"));
                return;
            }
        }
        held.copyBodyToResponse();
    }

    /** A call that ended in an exception the application did not answer: the container answers 500. */
    private void recordFailure(HttpServletRequest request, Instant occurredAt) {
        try {
            auditLog.record(event(request, HttpStatus.INTERNAL_SERVER_ERROR.value(), occurredAt));
        } catch (RuntimeException e) {
            log.error("Cannot write the audit event of failed {} {}", request.getMethod(), request.getRequestURI(), e);
        }
    }

    private AuditEvent event(HttpServletRequest request, int status, Instant occurredAt) {
        Caller caller = callers.resolve(request.getUserPrincipal());
        TenantId tenant = tenants.resolve(request).tenant();
        Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        String endpoint = route == null ? null : route.toString();
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        String query = request.getQueryString();
        return new AuditEvent(null, occurredAt, tenant == null ? null : tenant.value(), caller.subject(), caller.clientId(),
                caller.tenantId(), caller.roles(), request.getMethod(),
                query == null ? request.getRequestURI() : request.getRequestURI() + "?" + query,
                endpoint, AuditedResources.of(endpoint, variables == null ? Map.of() : variables), status);
    }
}
