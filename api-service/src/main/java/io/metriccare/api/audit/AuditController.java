package io.metriccare.api.audit;

import java.time.Instant;
import java.util.List;

import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.TenantRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The audit log, read-only: there is no way to change or remove an event through the API. */
@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Audit")
class AuditController {

    private final TenantRegistry tenants;
    private final AuditLog auditLog;

    AuditController(TenantRegistry tenants, AuditLog auditLog) {
        this.tenants = tenants;
        this.auditLog = auditLog;
    }

    @Operation(summary = "List audit events, newest first: who called what, when, and with which outcome",
            description = "With tenantId, the calls that addressed that tenant (for its compliance officers and platform "
                    + "admins); without, every call, platform calls included (platform admins).")
    @GetMapping
    List<AuditEvent> listAuditEvents(
            @Parameter(description = "the tenant whose events to list; all tenants and platform calls when absent")
            @RequestParam(required = false) String tenantId,
            @Parameter(description = "occurred at or after (ISO-8601 instant)")
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @Parameter(description = "occurred before (ISO-8601 instant)")
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        // A suspended or deleted tenant's trail stays readable: audits outlive the tenant.
        TenantId tenant = tenantId == null ? null : tenants.require(new TenantId(tenantId)).id();
        if (from != null && to != null && !from.isBefore(to)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "Cannot list audit events: 'from' must be before 'to' (%s >= %s)".formatted(from, to));
        }
        return auditLog.find(tenant, from, to, limit);
    }
}
