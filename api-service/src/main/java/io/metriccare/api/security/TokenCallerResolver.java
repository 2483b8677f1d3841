package io.metriccare.api.security;

import java.security.Principal;
import java.util.List;

import io.metriccare.api.audit.Caller;
import io.metriccare.api.audit.CallerResolver;
import org.springframework.stereotype.Component;

/** Who called, for the audit log, from the access token the request was authenticated with. */
@Component
class TokenCallerResolver implements CallerResolver {

    @Override
    public Caller resolve(Principal principal) {
        if (principal instanceof CallerAuthentication authentication) {
            io.metriccare.api.security.Caller caller = authentication.caller();
            return new Caller(caller.subject(), clientId(authentication), caller.tenantId(),
                    caller.roles().stream().map(Role::claimValue).sorted().toList());
        }
        return principal == null ? Caller.ANONYMOUS : new Caller(principal.getName(), null, null, List.of());
    }

    /** The OAuth client: RFC 9068's {@code client_id}, else OpenID's {@code azp}; a client-credentials token's subject is the client itself. */
    private static String clientId(CallerAuthentication authentication) {
        String clientId = authentication.getToken().getClaimAsString("client_id");
        if (clientId == null) {
            clientId = authentication.getToken().getClaimAsString("azp");
        }
        return clientId != null ? clientId : authentication.getToken().getSubject();
    }
}
