package io.metriccare.api.security.clients;

import java.time.Instant;
import java.util.List;

import io.metriccare.api.security.Caller;
import io.metriccare.api.security.local.IngestClient;
import io.metriccare.api.security.local.IngestClientRegistry;
import io.metriccare.api.security.local.IssuedIngestClient;
import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.TenantRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A tenant admin's machine clients for the {@code ingest} role of their tenant. They live in the local
 * authorization server; with an external identity provider, machine clients are registered there.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/ingest-clients")
@Tag(name = "Ingest clients")
class IngestClientController {

    static final String TOKEN_ENDPOINT = "/oauth2/token";
    private static final String PROBLEM_JSON = "application/problem+json";

    record RegisterIngestClientRequest(@NotBlank @Size(max = 200) String name) {
    }

    record IngestClientView(String clientId, String tenantId, String name, String status, String createdBy,
                            Instant createdAt, Instant secretRotatedAt, Instant revokedAt) {

        static IngestClientView of(IngestClient client) {
            return new IngestClientView(client.clientId(), client.tenantId(), client.name(),
                    client.isActive() ? "active" : "revoked", client.createdBy(), client.createdAt(),
                    client.secretRotatedAt(), client.revokedAt());
        }
    }

    /** @param clientSecret shown this once; keep it in the client's secret store */
    record IssuedIngestClientView(String clientId, String clientSecret, String tenantId, String name, String tokenEndpoint) {

        static IssuedIngestClientView of(IssuedIngestClient issued) {
            return new IssuedIngestClientView(issued.client().clientId(), issued.clientSecret(), issued.client().tenantId(),
                    issued.client().name(), TOKEN_ENDPOINT);
        }
    }

    private final TenantRegistry tenants;
    private final ObjectProvider<IngestClientRegistry> registry;

    IngestClientController(TenantRegistry tenants, ObjectProvider<IngestClientRegistry> registry) {
        this.tenants = tenants;
        this.registry = registry;
    }

    @Operation(operationId = "registerIngestClient",
            summary = "Register an ingest client: a machine client that may submit data for the tenant",
            description = "Answers the client id and its secret, once. The client gets access tokens at /oauth2/token "
                    + "with the client-credentials grant.")
    @ApiResponse(responseCode = "201", description = "Registered")
    @ApiResponse(responseCode = "501", description = "Ingest clients are managed by the external identity provider",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @PostMapping
    ResponseEntity<IssuedIngestClientView> register(@PathVariable String tenantId, @Valid @RequestBody RegisterIngestClientRequest request,
                                              @AuthenticationPrincipal Caller caller) {
        TenantId tenant = tenants.requireActive(tenantId);
        IssuedIngestClient issued = registry().register(tenant, request.name(), caller.subject());
        return ResponseEntity.status(HttpStatus.CREATED).body(IssuedIngestClientView.of(issued));
    }

    @Operation(operationId = "listIngestClients",
            summary = "List the tenant's ingest clients, active and revoked (never their secrets)")
    @GetMapping
    List<IngestClientView> list(@PathVariable String tenantId) {
        TenantId tenant = tenants.requireActive(tenantId);
        return registry().list(tenant).stream().map(IngestClientView::of).toList();
    }

    @Operation(operationId = "rotateIngestClientSecret",
            summary = "Rotate an ingest client's secret: answers the new secret, once; the old one stops working")
    @ApiResponse(responseCode = "200", description = "The new secret")
    @ApiResponse(responseCode = "409", description = "The client is revoked",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @PostMapping("/{clientId}/secret")
    IssuedIngestClientView rotateSecret(@PathVariable String tenantId, @PathVariable String clientId) {
        TenantId tenant = tenants.requireActive(tenantId);
        return IssuedIngestClientView.of(registry().rotateSecret(tenant, clientId));
    }

    @Operation(operationId = "revokeIngestClient",
            summary = "Revoke an ingest client: it can get no more tokens (those it has expire on their own)")
    @ApiResponse(responseCode = "204", description = "Revoked")
    @DeleteMapping("/{clientId}")
    ResponseEntity<Void> revoke(@PathVariable String tenantId, @PathVariable String clientId) {
        TenantId tenant = tenants.requireActive(tenantId);
        registry().revoke(tenant, clientId);
        return ResponseEntity.noContent().build();
    }

    private IngestClientRegistry registry() {
        return registry.getIfAvailable(() -> {
            throw new ResponseStatusException(HttpStatus.NOT_IMPLEMENTED, "Cannot manage ingest clients here: they are "
                    + "managed by your identity provider; register a machine client there whose tokens carry the "
                    + "ingest role and the tenant");
        });
    }
}
