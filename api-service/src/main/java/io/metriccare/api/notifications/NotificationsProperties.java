package io.metriccare.api.notifications;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How tenants hear that their ETL runs ended: per-tenant webhooks, and an SNS topic in AWS mode.
 *
 * @param webhooks delivery settings of tenant webhooks
 * @param sns      the SNS topic every run event is also published to, when {@code topic-arn} is set
 */
@ConfigurationProperties("metriccare.notifications")
@Validated
record NotificationsProperties(@Valid @DefaultValue Webhooks webhooks, @Valid @DefaultValue Sns sns) {

    /**
     * @param allowInsecureLocalhost accept {@code http://} URLs to {@code localhost}, {@code 127.0.0.1} or
     *                               {@code [::1]} (a receiver on a developer's machine); off by default, because
     *                               on a server it lets a tenant make the service call its own loopback ports
     * @param baseDelay              wait before the first retry; each further retry waits twice as long
     * @param maxAttempts            attempts before a delivery is given up as {@code failed}
     * @param timeout                connect and response timeout of one attempt
     * @param pollInterval           how often the dispatcher looks for due deliveries
     * @param batchSize              most deliveries sent at once per poll
     */
    record Webhooks(@DefaultValue("false") boolean allowInsecureLocalhost,
                    @NotNull @DefaultValue("30s") Duration baseDelay,
                    @Min(1) @Max(20) @DefaultValue("8") int maxAttempts,
                    @NotNull @DefaultValue("10s") Duration timeout,
                    @NotNull @DefaultValue("5s") Duration pollInterval,
                    @Min(1) @Max(500) @DefaultValue("20") int batchSize) {

        /** The wait after failed attempt {@code attempt} (1-based): base, 2 × base, 4 × base, ... */
        Duration delayAfter(int attempt) {
            return baseDelay.multipliedBy(1L << (attempt - 1));
        }
    }

    /**
     * @param topicArn the topic to publish to; no SNS client is created when it is absent
     * @param region   the topic's region, e.g. {@code eu-west-1}; when absent the SDK's default region chain applies
     * @param endpoint optional endpoint override, for SNS-compatible servers and tests
     */
    record Sns(String topicArn, String region, URI endpoint) {
    }
}
