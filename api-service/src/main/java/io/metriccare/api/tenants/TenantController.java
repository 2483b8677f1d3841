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

    record TenantView(String tenantId, String name, String status, String createdAt) {
        static TenantView of(Tenant tenant) {
            return new TenantView(tenant.id().value(), tenant.name(), tenant.status(), tenant.createdAt().toString());
        }
    }

    private final TenantRegistry tenants;

    TenantController(TenantRegistry tenants) {
        this.tenants = tenants;
    }

    @Operation(summary = "Create a tenant")
    @PostMapping
    ResponseEntity<TenantView> create(@Valid @RequestBody CreateTenantRequest request) {
        Tenant tenant = tenants.create(new TenantId(request.tenantId()), request.name());
        return ResponseEntity.created(URI.create("/api/v1/tenants/" + tenant.id())).body(TenantView.of(tenant));
    }

    @Operation(summary = "List tenants")
    @GetMapping
    List<TenantView> list() {
        return tenants.list().stream().map(TenantView::of).toList();
    }

    @Operation(summary = "Get a tenant")
    @GetMapping("/{tenantId}")
    TenantView get(@PathVariable String tenantId) {
        return TenantView.of(tenants.require(new TenantId(tenantId)));
    }
}
