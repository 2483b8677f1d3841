package io.metriccare.api.security.local;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.metriccare.api.security.Role;
import io.metriccare.api.security.SecurityProperties;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * The tenant and roles a client acts with: kept in its client settings (so they persist with it) and
 * written into its access tokens, under the claim names the resource server reads.
 */
final class ClientIdentity {

    private static final String TENANT = "metriccare.tenant-id";
    private static final String ROLES = "metriccare.roles";

    private ClientIdentity() {
    }

    static ClientSettings settings(String tenantId, Collection<Role> roles) {
        ClientSettings.Builder settings = ClientSettings.builder()
                .setting(ROLES, roles.stream().map(Role::claimValue).sorted().collect(Collectors.joining(" ")));
        return tenantId == null ? settings.build() : settings.setting(TENANT, tenantId).build();
    }

    /** Access tokens carry the caller's tenant and roles, and name this API as their audience. */
    static OAuth2TokenCustomizer<JwtEncodingContext> tokenClaims(SecurityProperties properties) {
        return context -> {
            if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                return;
            }
            RegisteredClient client = context.getRegisteredClient();
            context.getClaims().audience(List.of(properties.audience()));
            context.getClaims().claim(properties.rolesClaim(), roles(client));
            tenant(client).ifPresent(tenant -> context.getClaims().claim(properties.tenantClaim(), tenant));
        };
    }

    private static Optional<String> tenant(RegisteredClient client) {
        return Optional.ofNullable(client.getClientSettings().getSetting(TENANT));
    }

    private static List<String> roles(RegisteredClient client) {
        String roles = client.getClientSettings().getSetting(ROLES);
        return roles == null || roles.isBlank() ? List.of() : Arrays.asList(roles.split(" "));
    }
}
