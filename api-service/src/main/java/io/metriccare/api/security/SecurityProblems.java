package io.metriccare.api.security;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * 401 and 403 with the {@code WWW-Authenticate} header of RFC 6750 and the API's error bodies: they are
 * handed to the MVC exception handling, so {@code ProblemResponses} writes them like every other error
 * (OperationOutcome on FHIR endpoints, problem details elsewhere).
 */
@Component
class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final AuthenticationEntryPoint bearerChallenge = new BearerTokenAuthenticationEntryPoint();
    private final AccessDeniedHandler bearerRefusal = new BearerTokenAccessDeniedHandler();
    private final HandlerExceptionResolver problems;

    SecurityProblems(@Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        this.problems = problems;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException, ServletException {
        bearerChallenge.commence(request, response, failure);
        String reason = failure instanceof OAuth2AuthenticationException invalid
                ? "Cannot authenticate: the bearer token is not valid (%s)".formatted(invalid.getError().getDescription())
                : "Cannot authenticate: the request has no bearer token (Authorization: Bearer <access token>)";
        problems.resolveException(request, response, null, new InsufficientAuthenticationException(reason, failure));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denial)
            throws IOException, ServletException {
        bearerRefusal.handle(request, response, denial);
        String reason = denial instanceof AuthorizationDeniedException denied && denied.getAuthorizationResult() instanceof Decision decision
                ? decision.reason()
                : "Cannot %s %s: access denied".formatted(request.getMethod(), request.getRequestURI());
        problems.resolveException(request, response, null, new AccessDeniedException(reason, denial));
    }
}
