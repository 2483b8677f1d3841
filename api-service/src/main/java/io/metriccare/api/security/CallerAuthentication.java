package io.metriccare.api.security;

import java.util.Map;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;

/** A valid access token and the {@link Caller} it names; roles also become authorities ({@code ROLE_clinician}). */
public final class CallerAuthentication extends AbstractOAuth2TokenAuthenticationToken<Jwt> {

    public CallerAuthentication(Jwt token, Caller caller) {
        super(token, caller, token, caller.roles().stream()
                .map(role -> new SimpleGrantedAuthority("ROLE_" + role.claimValue())).toList());
        setAuthenticated(true);
    }

    public Caller caller() {
        return (Caller) getPrincipal();
    }

    @Override
    public Map<String, Object> getTokenAttributes() {
        return getToken().getClaims();
    }
}
