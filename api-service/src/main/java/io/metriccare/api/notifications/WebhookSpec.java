package io.metriccare.api.notifications;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A valid webhook registration, made from the raw request: an absolute {@code https} URL without
 * credentials (or {@code http} to the loopback host, when allowed), and known event types.
 *
 * @param eventTypes the event types to receive, without repeats; all types when the request named none
 */
record WebhookSpec(URI url, List<String> eventTypes) {

    private static final int MAX_URL_LENGTH = 2048;
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

    static WebhookSpec of(String url, List<String> eventTypes, NotificationsProperties.Webhooks settings) {
        return new WebhookSpec(url(url, settings.allowInsecureLocalhost()), eventTypes(eventTypes));
    }

    private static URI url(String raw, boolean allowInsecureLocalhost) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidWebhookException("Cannot register webhook: url is required");
        }
        if (raw.length() > MAX_URL_LENGTH) {
            throw new InvalidWebhookException("Cannot register webhook: url is longer than %d characters".formatted(MAX_URL_LENGTH));
        }
        URI url = parse(raw);
        if (url.getRawUserInfo() != null) {
            throw new InvalidWebhookException("Cannot register webhook: url must not contain credentials");
        }
        if (url.getRawFragment() != null) {
            throw new InvalidWebhookException("Cannot register webhook: url must not have a fragment (%s)".formatted(raw));
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        boolean insecureLoopback = "http".equals(scheme) && allowInsecureLocalhost
                && LOOPBACK_HOSTS.contains(url.getHost().toLowerCase(Locale.ROOT));
        if (!"https".equals(scheme) && !insecureLoopback) {
            throw new InvalidWebhookException((allowInsecureLocalhost
                    ? "Cannot register webhook: url must use https, or http to localhost (%s)"
                    : "Cannot register webhook: url must use https (%s)").formatted(raw));
        }
        return url;
    }

    private static URI parse(String raw) {
        try {
            URI url = new URI(raw);
            if (!url.isAbsolute() || url.getHost() == null) {
                throw new InvalidWebhookException("Cannot register webhook: url is not an absolute URL with a host (%s)".formatted(raw));
            }
            return url;
        } catch (URISyntaxException e) {
            throw new InvalidWebhookException("Cannot register webhook: url is not a valid URL (%s)".formatted(raw));
        }
    }

    private static List<String> eventTypes(List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            return RunEvent.TYPES;
        }
        requested.stream().filter(type -> type == null || !RunEvent.TYPES.contains(type)).findFirst().ifPresent(type -> {
            throw new InvalidWebhookException("Cannot register webhook: unknown event type (%s); known types: %s"
                    .formatted(type, String.join(", ", RunEvent.TYPES)));
        });
        return requested.stream().distinct().toList();
    }
}
