package io.metriccare.api.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Identity settings. The token issuer is Spring's {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}
 * (external identity provider), or the local authorization server of the {@code local} profile.
 *
 * @param audience    the audience ({@code aud}) every access token must name
 * @param tenantClaim the claim that carries the caller's tenant id
 * @param rolesClaim  the claim that carries the caller's roles
 * @param local       the local authorization server; used only with the {@code local} profile
 */
@ConfigurationProperties("metriccare.security")
@Validated
public record SecurityProperties(@NotBlank String audience, @NotBlank String tenantClaim, @NotBlank String rolesClaim,
                                 @NotNull @Valid Local local) {

    /**
     * @param issuer   the {@code iss} of the tokens it issues; fixed, so tokens are valid whatever the port
     * @param tokenTtl how long its access tokens are valid
     * @param clients  its configured clients by client id (the documented demo clients; never production)
     */
    public record Local(@NotBlank String issuer, @NotNull Duration tokenTtl, Map<String, @Valid Client> clients) {

        public Local {
            clients = clients == null ? Map.of() : Map.copyOf(clients);
        }
    }

    /**
     * @param secret   the client secret
     * @param tenantId the tenant its tokens name; none for a platform admin
     * @param roles    the roles its tokens grant
     */
    public record Client(@NotBlank String secret, String tenantId, @NotEmpty List<Role> roles) {
    }
}
