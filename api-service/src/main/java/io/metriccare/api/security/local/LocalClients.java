package io.metriccare.api.security.local;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.metriccare.api.security.SecurityProperties;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * The local authorization server's clients: the configured ones (from {@code metriccare.security.local.clients},
 * held in memory so that a client removed from the configuration is gone) and the ingest clients tenant
 * admins register (in PostgreSQL). A configured client's id is its client id.
 */
class LocalClients implements RegisteredClientRepository {

    private final Map<String, RegisteredClient> configured = new ConcurrentHashMap<>();
    private final IngestClientRegistry ingestClients;

    LocalClients(SecurityProperties.Local properties, IngestClientRegistry ingestClients) {
        properties.clients().forEach((clientId, client) -> configured.put(clientId, configured(clientId, client, properties.tokenTtl())));
        this.ingestClients = ingestClients;
    }

    /** A client that authenticates with its secret (HTTP Basic or form) and gets tokens by client credentials. */
    static RegisteredClient.Builder machineClient(String id, String clientId, Duration tokenTtl) {
        return RegisteredClient.withId(id)
                .clientId(clientId)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(tokenTtl).build());
    }

    @Override
    public void save(RegisteredClient client) {
        // the authorization server saves a configured client when it re-encodes its secret on first use
        if (configured.containsKey(client.getId())) {
            configured.put(client.getId(), client);
        } else {
            ingestClients.save(client);
        }
    }

    @Override
    public RegisteredClient findById(String id) {
        RegisteredClient client = configured.get(id);
        return client != null ? client : ingestClients.findById(id);
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        RegisteredClient client = configured.get(clientId);
        return client != null ? client : ingestClients.findByClientId(clientId);
    }

    private static RegisteredClient configured(String clientId, SecurityProperties.Client client, Duration tokenTtl) {
        // the secret is in the configuration in plain text anyway; the server re-encodes it on first use
        return machineClient(clientId, clientId, tokenTtl)
                .clientSecret("{noop}" + client.secret())
                .clientName(clientId)
                .clientSettings(ClientIdentity.settings(client.tenantId(), client.roles()))
                .build();
    }
}
