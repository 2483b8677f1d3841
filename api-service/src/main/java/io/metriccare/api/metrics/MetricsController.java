package io.metriccare.api.metrics;

import java.time.LocalDate;

import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.TenantRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/metrics")
@Tag(name = "Metrics")
class MetricsController {

    private final TenantRegistry tenants;
    private final HospitalKpiQuery query;

    MetricsController(TenantRegistry tenants, HospitalKpiQuery query) {
        this.tenants = tenants;
        this.query = query;
    }

    @Operation(summary = "KPIs of a hospital: mortality, 30-day readmission, HAI rate and ALOS per period and over the range")
    @GetMapping("/hospitals/{hospitalId}")
    HospitalMetrics hospital(
            @PathVariable String hospitalId,
            @Parameter(description = "the hospital's tenant") @RequestParam String tenantId,
            @Parameter(description = "first day of the range (inclusive)") @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @Parameter(description = "last day of the range (inclusive)") @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @Parameter(description = "month, quarter or year") @RequestParam(defaultValue = "month") String grain) {
        MetricsRequest request = MetricsRequest.validate(from, to, grain);
        TenantId tenant = tenants.requireExisting(tenantId);
        return query.query(tenant, hospitalId, request.from(), request.to(), request.grain());
    }
}
