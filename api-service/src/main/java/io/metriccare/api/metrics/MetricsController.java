package io.metriccare.api.metrics;

import java.time.LocalDate;

import io.metriccare.api.problems.NotFoundException;
import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.TenantRegistry;
import io.metriccare.tenancy.hospital.Hospital;
import io.metriccare.tenancy.hospital.HospitalId;
import io.metriccare.tenancy.hospital.HospitalRegistry;
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
    private final HospitalRegistry hospitals;
    private final HospitalKpiQuery kpis;
    private final KpiLineageQuery lineage;
    private final HaiEventsByCodeQuery haiEvents;

    MetricsController(TenantRegistry tenants, HospitalRegistry hospitals, HospitalKpiQuery kpis, KpiLineageQuery lineage,
                      HaiEventsByCodeQuery haiEvents) {
        this.tenants = tenants;
        this.hospitals = hospitals;
        this.kpis = kpis;
        this.lineage = lineage;
        this.haiEvents = haiEvents;
    }

    @Operation(summary = "KPIs of a hospital: mortality, 30-day readmission, HAI rate and ALOS per period and over the range")
    @GetMapping("/hospitals/{hospitalId}")
    HospitalMetrics hospital(
            @PathVariable String hospitalId,
            @Parameter(description = "the hospital's tenant") @RequestParam String tenantId,
            @Parameter(description = "first day of the range (inclusive)") @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @Parameter(description = "last day of the range (inclusive)") @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @Parameter(description = "month, quarter or year") @RequestParam(defaultValue = "month") String grain) {
        HospitalId id = new HospitalId(hospitalId);
        MetricsRequest request = MetricsRequest.validate(from, to, grain);
        TenantId tenant = tenants.requireActive(tenantId);
        return kpis.query(tenant, requireHospital(tenant, id), request.from(), request.to(), request.grain());
    }

    @Operation(summary = "Lineage of a KPI: the encounters in its numerator and denominator per month, and the submissions they came from")
    @GetMapping("/hospitals/{hospitalId}/lineage")
    KpiLineage lineage(
            @PathVariable String hospitalId,
            @Parameter(description = "the hospital's tenant") @RequestParam String tenantId,
            @Parameter(description = "mortality, readmission_30d, hai_rate or alos") @RequestParam String measure,
            @Parameter(description = "first day of the range (inclusive; its month counts)") @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @Parameter(description = "last day of the range (inclusive)") @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        HospitalId id = new HospitalId(hospitalId);
        MetricsRequest request = MetricsRequest.months(from, to);
        Measure requested = Measure.requested(measure);
        TenantId tenant = tenants.requireActive(tenantId);
        return lineage.query(tenant, requireHospital(tenant, id), requested, request.from(), request.to());
    }

    @Operation(summary = "HAI events of a hospital by infection code (KPI-SPEC §3), per period and over the range")
    @GetMapping("/hospitals/{hospitalId}/hai-by-code")
    HaiEventsByCode haiByCode(
            @PathVariable String hospitalId,
            @Parameter(description = "the hospital's tenant") @RequestParam String tenantId,
            @Parameter(description = "first day of the range (inclusive)") @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @Parameter(description = "last day of the range (inclusive)") @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @Parameter(description = "month, quarter or year") @RequestParam(defaultValue = "month") String grain) {
        HospitalId id = new HospitalId(hospitalId);
        MetricsRequest request = MetricsRequest.validate(from, to, grain);
        TenantId tenant = tenants.requireActive(tenantId);
        return haiEvents.query(tenant, requireHospital(tenant, id), request.from(), request.to(), request.grain());
    }

    private Hospital requireHospital(TenantId tenant, HospitalId hospitalId) {
        return hospitals.find(tenant, hospitalId).orElseThrow(() -> new NotFoundException(
                "Cannot find hospital: tenant %s has no hospital with this id (%s)".formatted(tenant, hospitalId)));
    }
}
