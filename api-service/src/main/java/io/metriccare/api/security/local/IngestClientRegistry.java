package io.metriccare.api.security.local;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import io.metriccare.api.problems.NotFoundException;
import io.metriccare.api.security.Role;
import io.metriccare.api.security.SecurityProperties;
import io.metriccare.tenancy.TenantId;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The ingest clients of the local authorization server: registered, rotated and revoked by a tenant's
 * admin. Each is a Spring Authorization Server client (table {@code oauth2_registered_client}, secret
 * hashed) plus a row of {@code ingest_client} saying whose it is; revoking deletes the former, so the
 * client can get no more tokens, and keeps the latter as a record.
 */
@Component
@Profile("local")
public class IngestClientRegistry {

    private static final int SECRET_BYTES = 32;

    private final JdbcClient jdbc;
    private final JdbcRegisteredClientRepository clients;
    private final PasswordEncoder secrets;
    private final SecurityProperties properties;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    IngestClientRegistry(JdbcClient jdbc, JdbcOperations jdbcOperations, PasswordEncoder secrets,
                         SecurityProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.clients = new JdbcRegisteredClientRepository(jdbcOperations);
        this.secrets = secrets;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional
    public IssuedIngestClient register(TenantId tenant, String name, String createdBy) {
        String clientId = "%s-ingest-%s".formatted(tenant.value(), HexFormat.of().formatHex(randomBytes(4)));
        String secret = newSecret();
        Instant now = clock.instant();
        clients.save(LocalClients.machineClient(UUID.randomUUID().toString(), clientId, properties.local().tokenTtl())
                .clientSecret(secrets.encode(secret))
                .clientIdIssuedAt(now)
                .clientName(name)
                .clientSettings(ClientIdentity.settings(tenant.value(), List.of(Role.INGEST)))
                .build());
        IngestClient client = jdbc.sql("""
                        INSERT INTO ingest_client (client_id, tenant_id, name, created_by, created_at)
                        VALUES (?, ?, ?, ?, ?) RETURNING *""")
                .params(clientId, tenant.value(), name, createdBy, Timestamp.from(now))
                .query(IngestClientRegistry::ingestClient).single();
        return new IssuedIngestClient(client, secret);
    }

    public List<IngestClient> list(TenantId tenant) {
        return jdbc.sql("SELECT * FROM ingest_client WHERE tenant_id = ? ORDER BY created_at, client_id")
                .param(tenant.value()).query(IngestClientRegistry::ingestClient).list();
    }

    /** A new secret; the old one stops working at once. */
    @Transactional
    public IssuedIngestClient rotateSecret(TenantId tenant, String clientId) {
        if (!require(tenant, clientId).isActive()) {
            throw new RevokedIngestClientException(clientId);
        }
        String secret = newSecret();
        clients.save(RegisteredClient.from(clients.findByClientId(clientId)).clientSecret(secrets.encode(secret)).build());
        IngestClient client = jdbc.sql("UPDATE ingest_client SET secret_rotated_at = ? WHERE client_id = ? RETURNING *")
                .params(Timestamp.from(clock.instant()), clientId).query(IngestClientRegistry::ingestClient).single();
        return new IssuedIngestClient(client, secret);
    }

    /** The client can get no more tokens; tokens it already has stay valid until they expire. Revoking twice is fine. */
    @Transactional
    public IngestClient revoke(TenantId tenant, String clientId) {
        IngestClient client = require(tenant, clientId);
        if (!client.isActive()) {
            return client;
        }
        jdbc.sql("DELETE FROM oauth2_registered_client WHERE client_id = ?").param(clientId).update();
        return jdbc.sql("UPDATE ingest_client SET revoked_at = ? WHERE client_id = ? RETURNING *")
                .params(Timestamp.from(clock.instant()), clientId).query(IngestClientRegistry::ingestClient).single();
    }

    RegisteredClient findById(String id) {
        return clients.findById(id);
    }

    RegisteredClient findByClientId(String clientId) {
        return clients.findByClientId(clientId);
    }

    void save(RegisteredClient client) {
        clients.save(client);
    }

    private IngestClient require(TenantId tenant, String clientId) {
        return jdbc.sql("SELECT * FROM ingest_client WHERE tenant_id = ? AND client_id = ?")
                .params(tenant.value(), clientId).query(IngestClientRegistry::ingestClient).optional()
                .orElseThrow(() -> new NotFoundException("Cannot find ingest client: tenant %s has no ingest client %s"
                        .formatted(tenant, clientId)));
    }

    private String newSecret() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(SECRET_BYTES));
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private static IngestClient ingestClient(ResultSet rs, int row) throws SQLException {
        return new IngestClient(rs.getString("client_id"), rs.getString("tenant_id"), rs.getString("name"),
                rs.getString("created_by"), instant(rs, "created_at"), instant(rs, "secret_rotated_at"), instant(rs, "revoked_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
