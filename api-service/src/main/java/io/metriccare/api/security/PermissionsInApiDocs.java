package io.metriccare.api.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The API description says how to authenticate (Swagger UI's "Authorize": client credentials at the
 * local authorization server, or a bearer token from any issuer) and, per operation, who may call it,
 * from the permission table.
 */
@Component
class PermissionsInApiDocs implements OpenApiCustomizer {

    static final String CLIENT_CREDENTIALS = "clientCredentials";
    static final String BEARER = "bearerToken";

    private final Permissions permissions;

    PermissionsInApiDocs(Permissions permissions) {
        this.permissions = permissions;
    }

    @Override
    public void customise(OpenAPI api) {
        if (api.getComponents() == null) {
            api.setComponents(new Components());
        }
        api.getComponents()
                .addSecuritySchemes(CLIENT_CREDENTIALS, new SecurityScheme().type(SecurityScheme.Type.OAUTH2)
                        .description("Client credentials at the local authorization server (profile local)")
                        .flows(new OAuthFlows().clientCredentials(new OAuthFlow().tokenUrl("/oauth2/token").scopes(new Scopes()))))
                .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .bearerFormat("JWT").description("An access token from the configured issuer"));
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> describe(method, path, operation)));
    }

    private void describe(PathItem.HttpMethod method, String path, Operation operation) {
        permissions.forOperation(method.name(), path).ifPresent(permission -> {
            String who = permission.describe();
            operation.setDescription(operation.getDescription() == null ? who : operation.getDescription() + "\n\n" + who);
            if (permission.scope() != Permission.TenantScope.PUBLIC) {
                operation.addSecurityItem(new SecurityRequirement().addList(CLIENT_CREDENTIALS))
                        .addSecurityItem(new SecurityRequirement().addList(BEARER));
            }
        });
    }
}
