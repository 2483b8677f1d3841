package io.metriccare.api.notifications;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The delivery rows: queued per event and webhook, claimed by the dispatcher when due, closed by an answer. */
@Repository
class WebhookDeliveries {

    /** A claimed delivery: everything one attempt needs. {@code attempt} counts this attempt. */
    record Attempt(UUID deliveryId, String eventType, String payload, int attempt, URI url, String secret) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    WebhookDeliveries(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Queues the event for every enabled webhook of its tenant that subscribed to its type, due at once.
     * An event already queued for a webhook is not queued again.
     *
     * @return how many deliveries were queued
     */
    int enqueue(RunEvent event, String payload, Instant now) {
        return jdbc.sql("""
                INSERT INTO webhook_delivery (delivery_id, webhook_id, event_id, event_type, payload, status,
                                              next_attempt_at, created_at)
                SELECT gen_random_uuid(), webhook_id, ?, ?, ?::json, 'pending', ?, ?
                FROM tenant_webhook
                WHERE tenant_id = ? AND enabled AND ? = ANY (event_types)
                ON CONFLICT (webhook_id, event_id) DO NOTHING
                """)
                .params(event.id(), event.type(), payload, Timestamp.from(now), Timestamp.from(now),
                        event.data().tenantId(), event.type())
                .update();
    }

    /**
     * Claims up to {@code limit} due deliveries of enabled webhooks for one attempt each: counts the
     * attempt and moves their next attempt to {@code leaseUntil}, so that no other dispatcher (another
     * service instance) sends them meanwhile, and a crash mid-attempt only delays them.
     */
    List<Attempt> claimDue(Instant now, Instant leaseUntil, int limit) {
        return jdbc.sql("""
                UPDATE webhook_delivery d
                SET attempt_count = d.attempt_count + 1, next_attempt_at = ?, last_attempt_at = ?
                FROM tenant_webhook w
                WHERE w.webhook_id = d.webhook_id
                  AND d.delivery_id IN (
                      SELECT due.delivery_id
                      FROM webhook_delivery due JOIN tenant_webhook hook ON hook.webhook_id = due.webhook_id
                      WHERE due.status = 'pending' AND due.next_attempt_at <= ? AND hook.enabled
                      ORDER BY due.next_attempt_at
                      LIMIT ?
                      FOR UPDATE OF due SKIP LOCKED)
                RETURNING d.delivery_id, d.event_type, d.payload::text AS payload, d.attempt_count, w.url, w.secret
                """)
                .params(Timestamp.from(leaseUntil), Timestamp.from(now), Timestamp.from(now), limit)
                .query((rs, row) -> new Attempt(
                        rs.getObject("delivery_id", UUID.class),
                        rs.getString("event_type"),
                        rs.getString("payload"),
                        rs.getInt("attempt_count"),
                        URI.create(rs.getString("url")),
                        rs.getString("secret")))
                .list();
    }

    void markDelivered(UUID deliveryId, int statusCode) {
        jdbc.sql("""
                UPDATE webhook_delivery
                SET status = 'delivered', next_attempt_at = NULL, last_status_code = ?, last_error = NULL
                WHERE delivery_id = ?
                """)
                .params(statusCode, deliveryId)
                .update();
    }

    void markRetry(UUID deliveryId, Integer statusCode, String error, Instant nextAttemptAt) {
        jdbc.sql("UPDATE webhook_delivery SET next_attempt_at = ?, last_status_code = ?, last_error = ? WHERE delivery_id = ?")
                .params(Timestamp.from(nextAttemptAt), statusCode, error, deliveryId)
                .update();
    }

    void markFailed(UUID deliveryId, Integer statusCode, String error) {
        jdbc.sql("""
                UPDATE webhook_delivery
                SET status = 'failed', next_attempt_at = NULL, last_status_code = ?, last_error = ?
                WHERE delivery_id = ?
                """)
                .params(statusCode, error, deliveryId)
                .update();
    }

    List<WebhookDelivery> recent(UUID webhookId, int limit) {
        return jdbc.sql("SELECT * FROM webhook_delivery WHERE webhook_id = ? ORDER BY created_at DESC, delivery_id LIMIT ?")
                .params(webhookId, limit)
                .query(this::delivery)
                .list();
    }

    private WebhookDelivery delivery(ResultSet rs, int row) throws SQLException {
        return new WebhookDelivery(
                rs.getObject("delivery_id", UUID.class),
                rs.getObject("event_id", UUID.class),
                rs.getString("event_type"),
                rs.getString("status"),
                rs.getInt("attempt_count"),
                instant(rs.getTimestamp("next_attempt_at")),
                instant(rs.getTimestamp("last_attempt_at")),
                (Integer) rs.getObject("last_status_code"),
                rs.getString("last_error"),
                instant(rs.getTimestamp("created_at")),
                json.readTree(rs.getString("payload")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
