package io.metriccare.api.notifications;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * One event on its way to one webhook.
 *
 * @param status         {@code pending} (waiting for its next attempt), {@code delivered} (a 2xx answer) or
 *                       {@code failed} (given up after the last attempt)
 * @param attempts       attempts made so far
 * @param nextAttemptAt  when it is sent next; only while pending
 * @param lastStatusCode the HTTP status of the last attempt; absent when it got no answer
 * @param lastError      why the last attempt failed; absent once delivered
 * @param payload        the body, exactly as sent
 */
record WebhookDelivery(UUID deliveryId, UUID eventId, String eventType, String status, int attempts,
                       Instant nextAttemptAt, Instant lastAttemptAt, Integer lastStatusCode, String lastError,
                       Instant createdAt, JsonNode payload) {
}
