package io.metriccare.api.notifications;

/** A webhook request that cannot be carried out as asked; answered as incorrect input. */
public class InvalidWebhookException extends RuntimeException {

    InvalidWebhookException(String message) {
        super(message);
    }
}
