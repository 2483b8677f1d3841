package io.metriccare.api.security;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Without the {@code local} profile, access tokens come from an external identity provider: Spring Boot
 * builds the decoder from {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} (keys by discovery,
 * or from {@code jwk-set-uri}) and checks the issuer. Without an issuer the service would accept no
 * token at all, so it refuses to start and says what to set.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!local")
class ExternalIdentityProvider {

    static final String ISSUER_URI = "spring.security.oauth2.resourceserver.jwt.issuer-uri";

    ExternalIdentityProvider(Environment environment) {
        if (!StringUtils.hasText(environment.getProperty(ISSUER_URI))) {
            throw new IllegalStateException("Cannot start: no token issuer is configured; set " + ISSUER_URI
                    + " to your identity provider's issuer (optionally with jwk-set-uri), or run with the local profile"
                    + " for the embedded authorization server");
        }
    }
}
