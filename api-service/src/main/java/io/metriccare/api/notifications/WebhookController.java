package io.metriccare.api.notifications;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.TenantRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/webhooks")
@Tag(name = "Webhooks")
class WebhookController {

    /**
     * @param url        where events are POSTed: {@code https}, no credentials
     * @param eventTypes {@code run.succeeded}, {@code run.failed}; all when absent
     */
    record CreateWebhookRequest(String url, List<String> eventTypes) {
    }

    /** @param enabled {@code false} pauses deliveries (they wait, pending); {@code true} resumes them */
    record UpdateWebhookRequest(Boolean enabled) {
    }

    /**
     * A webhook as just registered.
     *
     * @param secret the HMAC-SHA256 key of its signatures; shown this once, never again
     */
    record CreatedWebhook(UUID webhookId, String tenantId, URI url, List<String> eventTypes, boolean enabled,
                          Instant createdAt, String secret) {
        static CreatedWebhook of(Webhooks.Registration registration) {
            Webhook webhook = registration.webhook();
            return new CreatedWebhook(webhook.webhookId(), webhook.tenantId(), webhook.url(), webhook.eventTypes(),
                    webhook.enabled(), webhook.createdAt(), registration.secret());
        }
    }

    private final TenantRegistry tenants;
    private final Webhooks webhooks;
    private final WebhookDeliveries deliveries;
    private final NotificationsProperties properties;

    WebhookController(TenantRegistry tenants, Webhooks webhooks, WebhookDeliveries deliveries, NotificationsProperties properties) {
        this.tenants = tenants;
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.properties = properties;
    }

    @Operation(summary = "Register a webhook for the tenant's ETL run events; the answer holds its signing secret, shown only here")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED) // for the API contract; the ResponseEntity sets it too, with the Location
    ResponseEntity<CreatedWebhook> createWebhook(@PathVariable String tenantId, @RequestBody CreateWebhookRequest request) {
        TenantId tenant = tenants.requireActive(tenantId);
        WebhookSpec spec = WebhookSpec.of(request.url(), request.eventTypes(), properties.webhooks());
        Webhooks.Registration registration = webhooks.register(tenant, spec);
        return ResponseEntity.created(URI.create("/api/v1/tenants/%s/webhooks/%s".formatted(tenant, registration.webhook().webhookId())))
                .body(CreatedWebhook.of(registration));
    }

    @Operation(summary = "List the tenant's webhooks (without secrets)")
    @GetMapping
    List<Webhook> listWebhooks(@PathVariable String tenantId) {
        return webhooks.list(tenants.requireActive(tenantId));
    }

    @Operation(summary = "Get a webhook (without its secret)")
    @GetMapping("/{webhookId}")
    Webhook getWebhook(@PathVariable String tenantId, @PathVariable UUID webhookId) {
        return webhooks.require(tenants.requireActive(tenantId), webhookId);
    }

    @Operation(summary = "Pause or resume a webhook's deliveries")
    @PatchMapping("/{webhookId}")
    Webhook updateWebhook(@PathVariable String tenantId, @PathVariable UUID webhookId, @RequestBody UpdateWebhookRequest request) {
        TenantId tenant = tenants.requireActive(tenantId);
        if (request.enabled() == null) {
            throw new InvalidWebhookException("Cannot update webhook: enabled is required");
        }
        return webhooks.setEnabled(tenant, webhookId, request.enabled());
    }

    @Operation(summary = "Delete a webhook and its deliveries; pending ones are not sent")
    @DeleteMapping("/{webhookId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteWebhook(@PathVariable String tenantId, @PathVariable UUID webhookId) {
        webhooks.delete(tenants.requireActive(tenantId), webhookId);
    }

    @Operation(summary = "List a webhook's recent deliveries, newest first: status, attempts, last answer, payload")
    @GetMapping("/{webhookId}/deliveries")
    List<WebhookDelivery> listWebhookDeliveries(@PathVariable String tenantId, @PathVariable UUID webhookId,
                                                 @RequestParam(defaultValue = "20") @Min(1) @Max(200) int limit) {
        Webhook webhook = webhooks.require(tenants.requireActive(tenantId), webhookId);
        return deliveries.recent(webhook.webhookId(), limit);
    }
}
