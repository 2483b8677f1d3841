package io.metriccare.api.notifications;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A tenant's endpoint for run events. Its signing secret is never part of it: the tenant sees the
 * secret once, when the webhook is registered.
 *
 * @param eventTypes the event types it receives
 * @param enabled    whether events are delivered; a disabled webhook's pending deliveries wait
 */
record Webhook(UUID webhookId, String tenantId, URI url, List<String> eventTypes, boolean enabled, Instant createdAt) {
}
