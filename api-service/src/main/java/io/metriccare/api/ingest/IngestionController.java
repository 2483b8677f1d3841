package io.metriccare.api.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.metriccare.api.problems.NotFoundException;
import io.metriccare.ingest.ledger.IngestionEntry;
import io.metriccare.ingest.ledger.IngestionLedger;
import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.TenantRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The ingestion ledger of a tenant: every accepted submission, where it is stored, what it held. */
@RestController
@RequestMapping("/api/v1/ingestions")
@Tag(name = "Ingestions")
class IngestionController {

    record IngestionView(UUID ingestionId, String tenantId, Instant receivedAt, String submissionKind, String bundleType,
                         String status, UUID processedByRun, String objectKey, String sha256, String idempotencyKey,
                         long sizeBytes, int resourceCount, Map<String, Integer> resourceCounts) {

        static IngestionView of(IngestionEntry entry) {
            return new IngestionView(entry.ingestionId(), entry.tenantId(), entry.receivedAt(), entry.submissionKind(),
                    entry.bundleType(), entry.status(), entry.processedByRun(), entry.objectKey(), entry.sha256(),
                    entry.idempotencyKey(), entry.sizeBytes(), entry.resourceCount(), entry.resourceCounts());
        }
    }

    private final TenantRegistry tenants;
    private final IngestionLedger ledger;

    IngestionController(TenantRegistry tenants, IngestionLedger ledger) {
        this.tenants = tenants;
        this.ledger = ledger;
    }

    @Operation(summary = "List a tenant's ingestions, newest first")
    @GetMapping
    List<IngestionView> list(
            @RequestParam String tenantId,
            @Parameter(description = "accepted (not yet processed by an ETL run) or processed")
            @RequestParam(required = false) @Pattern(regexp = "accepted|processed") String status,
            @Parameter(description = "received at or after (ISO-8601 instant)")
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @Parameter(description = "received before (ISO-8601 instant)")
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        TenantId tenant = tenants.requireActive(tenantId);
        return ledger.list(tenant.value(), status, from, to, limit).stream().map(IngestionView::of).toList();
    }

    @Operation(summary = "Get one ingestion: counts per resource type, size, hash, status, object key")
    @GetMapping("/{ingestionId}")
    IngestionView get(@PathVariable UUID ingestionId, @RequestParam String tenantId) {
        TenantId tenant = tenants.requireActive(tenantId);
        return ledger.find(tenant.value(), ingestionId).map(IngestionView::of).orElseThrow(() -> new NotFoundException(
                "Cannot find ingestion: tenant %s has no ingestion with this id (%s)".formatted(tenant, ingestionId)));
    }
}
