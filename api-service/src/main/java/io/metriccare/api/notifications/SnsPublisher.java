package io.metriccare.api.notifications;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.metriccare.api.etl.EtlRunFinished;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.event.TransactionalEventListener;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes every run event to one SNS topic (AWS mode), the same JSON as webhooks receive, with
 * message attributes {@code event_type} and {@code tenant_id} for subscription filter policies.
 * Publishing happens on its own thread, so a slow or unreachable SNS never holds up runs; the SDK
 * retries, and an event it cannot publish is logged.
 */
class SnsPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SnsPublisher.class);

    private final SnsClient sns;
    private final String topicArn;
    private final JsonMapper json;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "sns-publisher"));

    SnsPublisher(SnsClient sns, String topicArn, JsonMapper json) {
        this.sns = sns;
        this.topicArn = topicArn;
        this.json = json;
    }

    /** After the run's final state committed; without a transaction (the run ends outside one), at once. */
    @TransactionalEventListener(fallbackExecution = true)
    void on(EtlRunFinished run) {
        RunEvent.perTenant(run).forEach(event -> sender.execute(() -> publish(event)));
    }

    private void publish(RunEvent event) {
        try {
            sns.publish(PublishRequest.builder()
                    .topicArn(topicArn)
                    .message(json.writeValueAsString(event))
                    .messageAttributes(Map.of(
                            "event_type", text(event.type()),
                            "tenant_id", text(event.data().tenantId())))
                    .build());
        } catch (SdkException e) {
            log.error("Cannot publish {} {} of tenant {} to SNS topic {}", event.type(), event.id(), event.data().tenantId(),
                    topicArn, e);
        }
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    /** Lets events already handed over go out before the client closes. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            if (!sender.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("SNS publisher stopped with events still unpublished");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
