package io.metriccare.api.tenants;

import java.net.URI;
import java.util.List;

import io.metriccare.tenancy.Tenant;
import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.TenantRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/tenants")
@Tag(name = "Tenants")
class TenantController {

    record CreateTenantRequest(@NotBlank String tenantId, @NotBlank @Size(max = 200) String name) {
    }

    record RenameTenantRequest(@NotBlank @Size(max = 200) String name) {
    }

    /** @param status active, suspended, deleting (its purge runs) or deleted (purged; the id stays taken) */
    record TenantView(String tenantId, String name, String status, String createdAt) {
        static TenantView of(Tenant tenant) {
            return new TenantView(tenant.id().value(), tenant.name(), tenant.status().code(), tenant.createdAt().toString());
        }
    }

    private final TenantRegistry tenants;

    TenantController(TenantRegistry tenants) {
        this.tenants = tenants;
    }

    @Operation(summary = "Create a tenant", description = "Ids of deleted tenants are never reused: creating one is a 409.")
    @PostMapping
    ResponseEntity<TenantView> create(@Valid @RequestBody CreateTenantRequest request) {
        Tenant tenant = tenants.create(new TenantId(request.tenantId()), request.name());
        return ResponseEntity.created(URI.create("/api/v1/tenants/" + tenant.id())).body(TenantView.of(tenant));
    }

    @Operation(summary = "List tenants, whatever their status")
    @GetMapping
    List<TenantView> list() {
        return tenants.list().stream().map(TenantView::of).toList();
    }

    @Operation(summary = "Get a tenant")
    @GetMapping("/{tenantId}")
    TenantView get(@PathVariable String tenantId) {
        return TenantView.of(tenants.require(new TenantId(tenantId)));
    }

    @Operation(summary = "Rename a tenant", description = "Not once its deletion has started (409).")
    @PatchMapping("/{tenantId}")
    TenantView renameTenant(@PathVariable String tenantId, @Valid @RequestBody RenameTenantRequest request) {
        return TenantView.of(tenants.rename(new TenantId(tenantId), request.name()));
    }

    @Operation(summary = "Suspend a tenant: its ingest and queries are refused (409, tenant-suspended) until it is reactivated")
    @PostMapping("/{tenantId}/suspend")
    TenantView suspendTenant(@PathVariable String tenantId) {
        return TenantView.of(tenants.suspend(new TenantId(tenantId)));
    }

    @Operation(summary = "Reactivate a suspended tenant")
    @PostMapping("/{tenantId}/reactivate")
    TenantView reactivateTenant(@PathVariable String tenantId) {
        return TenantView.of(tenants.reactivate(new TenantId(tenantId)));
    }
}
