package io.metriccare.api.security;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

class TokenAudienceTests {

    private final TokenAudience audience = new TokenAudience("metriccare-api");

    private static Jwt.Builder token() {
        return Jwt.withTokenValue("token").header("alg", "RS256").subject("client-1");
    }

    @Test
    void audienceClaimNamingTheApi_isAccepted() {
        assertThat(audience.validate(token().audience(List.of("other", "metriccare-api")).build()).hasErrors()).isFalse();
    }

    @Test
    void cognitoStyleResourceServerScope_isAccepted() {
        assertThat(audience.validate(token().claim("scope", "openid metriccare-api/ingest").build()).hasErrors()).isFalse();
    }

    @Test
    void otherAudiences_andLookalikeScopes_areRefused() {
        assertThat(audience.validate(token().audience(List.of("metriccare-api-staging")).build()).getErrors())
                .extracting(error -> error.getDescription()).containsExactly("The token is not for audience metriccare-api");
        assertThat(audience.validate(token().claim("scope", "metriccare-apix/ingest metriccare-api").build()).hasErrors()).isTrue();
        assertThat(audience.validate(token().build()).hasErrors()).isTrue();
    }
}
