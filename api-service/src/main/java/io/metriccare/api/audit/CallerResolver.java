package io.metriccare.api.audit;

import java.security.Principal;

/**
 * Reads who is calling from the authenticated principal ({@code HttpServletRequest.getUserPrincipal()}): the one
 * place where credentials' claims are interpreted for the audit log. {@link PrincipalNameCallerResolver} knows only
 * the principal's name; a resolver that reads a JWT's {@code client_id}/{@code azp}, {@code tenant_id} and
 * {@code roles} claims replaces it as a {@code @Primary} bean.
 */
public interface CallerResolver {

    /** @param principal the authenticated principal, or null for an anonymous call */
    Caller resolve(Principal principal);
}
