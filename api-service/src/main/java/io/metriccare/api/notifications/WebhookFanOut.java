package io.metriccare.api.notifications;

import java.time.Clock;

import io.metriccare.api.etl.EtlRunFinished;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns an ended run into delivery rows: per tenant of the run, its event queued for that tenant's
 * subscribed webhooks, and for no one else's. Only rows are written here, so the run's thread is not
 * held up by receivers; the {@link WebhookDispatcher} sends them.
 */
@Component
class WebhookFanOut {

    private static final Logger log = LoggerFactory.getLogger(WebhookFanOut.class);

    private final WebhookDeliveries deliveries;
    private final JsonMapper json;
    private final Clock clock;

    WebhookFanOut(WebhookDeliveries deliveries, JsonMapper json, Clock clock) {
        this.deliveries = deliveries;
        this.json = json;
        this.clock = clock;
    }

    /** After the run's final state committed; without a transaction (the run ends outside one), at once. */
    @TransactionalEventListener(fallbackExecution = true)
    void on(EtlRunFinished run) {
        for (RunEvent event : RunEvent.perTenant(run)) {
            try {
                int queued = deliveries.enqueue(event, json.writeValueAsString(event), clock.instant());
                log.debug("Queued {} {} for {} webhooks of tenant {}", event.type(), event.id(), queued, event.data().tenantId());
            } catch (RuntimeException e) {
                // a notification must never fail the run it reports on
                log.error("Cannot queue webhook deliveries of {} for tenant {}", event.type(), event.data().tenantId(), e);
            }
        }
    }
}
