package io.metriccare.api.notifications;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.metriccare.tenancy.database.DatabaseTenantScope;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends due webhook deliveries in the background: every poll interval it claims a bounded batch, POSTs
 * each signed body, and records the answer. A 2xx answer delivers; anything else (another status, a
 * timeout, a refused connection) is retried after base × 2^(attempt−1), until the last attempt fails.
 * Redirects are not followed.
 */
@Component
class WebhookDispatcher {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final int MAX_ERROR_LENGTH = 500;

    private final WebhookDeliveries deliveries;
    private final NotificationsProperties.Webhooks settings;
    private final Clock clock;
    private final HttpClient http;
    private final DatabaseTenantScope databaseScope;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "webhook-dispatcher"));

    WebhookDispatcher(WebhookDeliveries deliveries, NotificationsProperties properties, Clock clock,
                      DatabaseTenantScope databaseScope) {
        this.deliveries = deliveries;
        this.databaseScope = databaseScope;
        this.settings = properties.webhooks();
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @PostConstruct
    void start() {
        long interval = settings.pollInterval().toMillis();
        // Dispatching is system work across tenants: it claims every tenant's due deliveries.
        scheduler.scheduleWithFixedDelay(() -> databaseScope.runAsPlatform(this::dispatchDue), interval, interval,
                TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }

    private void dispatchDue() {
        try {
            Instant now = clock.instant();
            // the lease outlasts one attempt, so a claimed delivery is never sent twice at once
            Instant leaseUntil = now.plus(settings.timeout().multipliedBy(2));
            List<WebhookDeliveries.Attempt> due = deliveries.claimDue(now, leaseUntil, settings.batchSize());
            CompletableFuture.allOf(due.stream().map(this::send).toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException e) {
            // thrown out of the scheduled task, it would end all further polls
            log.error("Webhook dispatch failed; retrying at the next poll", e);
        }
    }

    private CompletableFuture<Void> send(WebhookDeliveries.Attempt attempt) {
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(attempt.url())
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "MetricCare-Webhooks/1")
                .header("X-MetricCare-Event", attempt.eventType())
                .header("X-MetricCare-Delivery", attempt.deliveryId().toString())
                .header("X-MetricCare-Timestamp", timestamp)
                .header("X-MetricCare-Signature", WebhookSignature.of(attempt.secret(), timestamp, attempt.payload()))
                .POST(HttpRequest.BodyPublishers.ofString(attempt.payload()))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, failure) -> {
                    databaseScope.runAsPlatform(() -> recordOutcome(attempt, response, failure));
                    return null;
                });
    }

    private void recordOutcome(WebhookDeliveries.Attempt attempt, HttpResponse<Void> response, Throwable failure) {
        try {
            if (failure == null && response.statusCode() / 100 == 2) {
                deliveries.markDelivered(attempt.deliveryId(), response.statusCode());
                return;
            }
            Integer status = failure == null ? response.statusCode() : null;
            String error = failure == null ? "HTTP " + response.statusCode() : describe(failure);
            if (attempt.attempt() >= settings.maxAttempts()) {
                log.warn("Webhook delivery {} to {} failed after {} attempts: {}", attempt.deliveryId(), attempt.url(),
                        attempt.attempt(), error);
                deliveries.markFailed(attempt.deliveryId(), status, error);
            } else {
                deliveries.markRetry(attempt.deliveryId(), status, error,
                        clock.instant().plus(settings.delayAfter(attempt.attempt())));
            }
        } catch (RuntimeException e) {
            log.error("Cannot record webhook delivery attempt {}; it is retried once its lease ends", attempt.deliveryId(), e);
        }
    }

    private String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String error = cause instanceof HttpTimeoutException
                ? "no answer within " + settings.timeout()
                : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
    }
}
