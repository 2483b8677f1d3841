package io.metriccare.api.notifications;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.SnsClientBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SNS publisher, only when {@code metriccare.notifications.sns.topic-arn} is set. Credentials come
 * from the AWS SDK's default provider chain (system properties, environment, web identity, profile,
 * container or instance role), resolved on the first publish.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("metriccare.notifications.sns.topic-arn")
class SnsConfiguration {

    @Bean(destroyMethod = "close")
    SnsClient snsClient(NotificationsProperties properties) {
        NotificationsProperties.Sns settings = properties.sns();
        SnsClientBuilder builder = SnsClient.builder().httpClientBuilder(ApacheHttpClient.builder());
        if (settings.region() != null && !settings.region().isBlank()) {
            builder.region(Region.of(settings.region()));
        }
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    @Bean(destroyMethod = "close")
    SnsPublisher snsPublisher(SnsClient snsClient, NotificationsProperties properties, JsonMapper json) {
        return new SnsPublisher(snsClient, properties.sns().topicArn(), json);
    }
}
