package io.metriccare.api.security;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ExternalIdentityProviderTests {

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(ExternalIdentityProvider.class);

    @Test
    void withoutAnIssuer_theServiceRefusesToStart_sayingWhatToSet() {
        context.run(started -> assertThat(started).hasFailed().getFailure().rootCause().hasMessage(
                "Cannot start: no token issuer is configured; set spring.security.oauth2.resourceserver.jwt.issuer-uri to "
                        + "your identity provider's issuer (optionally with jwk-set-uri), or run with the local profile for "
                        + "the embedded authorization server"));
    }

    @Test
    void withAnIssuer_itStarts() {
        context.withPropertyValues("spring.security.oauth2.resourceserver.jwt.issuer-uri=https://idp.example.test/realms/metriccare")
                .run(started -> assertThat(started).hasNotFailed());
    }
}
