package io.metriccare.api.isolation;

import java.io.IOException;

import io.metriccare.tenancy.database.DatabaseTenantScope;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs each request in the database scope of the tenant it addresses ({@link RequestTenantResolver}): the
 * second wall of tenant isolation, under whatever the controllers' own queries say.
 */
@Component
@Order(RequestTenantScopeFilter.ORDER)
class RequestTenantScopeFilter extends OncePerRequestFilter {

    /** After Spring Security's filter chain (order -100), so that the authenticated principal is known. */
    static final int ORDER = -80;

    private final DatabaseTenantScope scope;
    private final RequestTenantResolver resolver;

    RequestTenantScopeFilter(DatabaseTenantScope scope, RequestTenantResolver resolver) {
        this.scope = scope;
        this.resolver = resolver;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try (DatabaseTenantScope.Entered ignored = scope.enter(resolver.resolve(request))) {
            chain.doFilter(request, response);
        }
    }
}
