package io.metriccare.api.audit;

import java.security.Principal;
import java.util.List;

import org.springframework.stereotype.Component;

/** What any principal tells: its name. Client, tenant and roles need a resolver that knows the credentials' claims. */
@Component
class PrincipalNameCallerResolver implements CallerResolver {

    @Override
    public Caller resolve(Principal principal) {
        return principal == null ? Caller.ANONYMOUS : new Caller(principal.getName(), null, null, List.of());
    }
}
