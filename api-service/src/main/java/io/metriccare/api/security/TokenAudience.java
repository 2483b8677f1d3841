package io.metriccare.api.security;

import java.util.Arrays;
import java.util.List;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The token must be meant for this API: its {@code aud} names the audience, or, as Amazon Cognito issues
 * access tokens (no {@code aud}; the API is a "resource server" whose identifier prefixes its scopes), one of
 * its scopes is {@code <audience>/<scope>}. Either way the issuer, already checked, said the token is for us.
 */
class TokenAudience implements OAuth2TokenValidator<Jwt> {

    private final String audience;

    TokenAudience(String audience) {
        this.audience = audience;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        List<String> audiences = token.getAudience();
        boolean named = audiences != null && audiences.contains(audience);
        String scope = token.getClaimAsString("scope");
        boolean scoped = scope != null && Arrays.stream(scope.split(" ")).anyMatch(value -> value.startsWith(audience + "/"));
        return named || scoped ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
                        "The token is not for audience " + audience, "https://tools.ietf.org/html/rfc6750#section-3.1"));
    }
}
