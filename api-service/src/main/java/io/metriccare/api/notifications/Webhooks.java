package io.metriccare.api.notifications;

import java.net.URI;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.metriccare.api.problems.NotFoundException;
import io.metriccare.tenancy.TenantId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The tenants' webhooks. Every lookup is scoped to a tenant: a webhook id of another tenant is not found. */
@Repository
class Webhooks {

    /** A webhook as just registered, with the secret its deliveries are signed with. */
    record Registration(Webhook webhook, String secret) {
    }

    private static final String SECRET_PREFIX = "whsec_";
    private static final int SECRET_BYTES = 32;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    Webhooks(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Registration register(TenantId tenant, WebhookSpec spec) {
        Webhook webhook = new Webhook(UUID.randomUUID(), tenant.value(), spec.url(), spec.eventTypes(), true,
                clock.instant());
        String secret = newSecret();
        jdbc.sql("""
                INSERT INTO tenant_webhook (webhook_id, tenant_id, url, secret, event_types, enabled, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
                .params(webhook.webhookId(), webhook.tenantId(), webhook.url().toString(), secret,
                        webhook.eventTypes().toArray(String[]::new), webhook.enabled(), Timestamp.from(webhook.createdAt()))
                .update();
        return new Registration(webhook, secret);
    }

    List<Webhook> list(TenantId tenant) {
        return jdbc.sql("SELECT * FROM tenant_webhook WHERE tenant_id = ? ORDER BY created_at, webhook_id")
                .param(tenant.value())
                .query(Webhooks::webhook)
                .list();
    }

    Webhook require(TenantId tenant, UUID webhookId) {
        return find(tenant, webhookId).orElseThrow(() -> notFound(tenant, webhookId));
    }

    Webhook setEnabled(TenantId tenant, UUID webhookId, boolean enabled) {
        jdbc.sql("UPDATE tenant_webhook SET enabled = ? WHERE tenant_id = ? AND webhook_id = ?")
                .params(enabled, tenant.value(), webhookId)
                .update();
        return require(tenant, webhookId);
    }

    /** Removes the webhook and, with it, its deliveries: pending ones are never sent. */
    void delete(TenantId tenant, UUID webhookId) {
        int deleted = jdbc.sql("DELETE FROM tenant_webhook WHERE tenant_id = ? AND webhook_id = ?")
                .params(tenant.value(), webhookId)
                .update();
        if (deleted == 0) {
            throw notFound(tenant, webhookId);
        }
    }

    private Optional<Webhook> find(TenantId tenant, UUID webhookId) {
        return jdbc.sql("SELECT * FROM tenant_webhook WHERE tenant_id = ? AND webhook_id = ?")
                .params(tenant.value(), webhookId)
                .query(Webhooks::webhook)
                .optional();
    }

    private String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static NotFoundException notFound(TenantId tenant, UUID webhookId) {
        return new NotFoundException("Cannot find webhook: tenant %s has no webhook with this id (%s)".formatted(tenant, webhookId));
    }

    private static Webhook webhook(ResultSet rs, int row) throws SQLException {
        return new Webhook(
                rs.getObject("webhook_id", UUID.class),
                rs.getString("tenant_id"),
                URI.create(rs.getString("url")),
                Arrays.asList((String[]) rs.getArray("event_types").getArray()),
                rs.getBoolean("enabled"),
                rs.getTimestamp("created_at").toInstant());
    }
}
