package io.metriccare.api.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.metriccare.api.problems.NotFoundException;
import io.metriccare.ingest.bundle.RejectedEntries;
import io.metriccare.ingest.bundle.RejectedEntry;
import io.metriccare.ingest.bundle.SubmissionIssue;
import io.metriccare.ingest.ledger.IngestionEntry;
import io.metriccare.ingest.ledger.IngestionLedger;
import io.metriccare.ingest.validation.InstanceValidation;
import io.metriccare.ingest.validation.InstanceValidations;
import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.TenantRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.hl7.fhir.r4.model.OperationOutcome;
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
                         long sizeBytes, int resourceCount, Map<String, Integer> resourceCounts,
                         @Schema(description = "Only on GET of one ingestion: the entries left out under the accept-valid-entries policy")
                         List<RejectedEntryView> rejectedEntries,
                         @Schema(description = "Only on GET of one ingestion, when it was queued for instance validation")
                         ValidationSummary validation) {

        static IngestionView of(IngestionEntry entry, List<RejectedEntryView> rejectedEntries, ValidationSummary validation) {
            return new IngestionView(entry.ingestionId(), entry.tenantId(), entry.receivedAt(), entry.submissionKind(),
                    entry.bundleType(), entry.status(), entry.processedByRun(), entry.objectKey(), entry.sha256(),
                    entry.idempotencyKey(), entry.sizeBytes(), entry.resourceCount(), entry.resourceCounts(), rejectedEntries, validation);
        }
    }

    /** An entry left out of the submission, by its position in the Bundle as received. */
    record RejectedEntryView(int index, String resourceType, String resourceId, List<SubmissionIssue> issues) {

        static RejectedEntryView of(RejectedEntry entry) {
            return new RejectedEntryView(entry.index(), entry.resourceType(), entry.resourceId(), entry.issues());
        }
    }

    /** @param errors findings of severity error or fatal; the findings themselves are at {@code .../validation} */
    record ValidationSummary(String status, Instant queuedAt, Instant finishedAt, int errors, int warnings, int information) {

        static ValidationSummary of(InstanceValidation validation) {
            return new ValidationSummary(validation.status(), validation.queuedAt(), validation.finishedAt(), validation.errors(),
                    validation.warnings(), validation.information());
        }
    }

    private final TenantRegistry tenants;
    private final IngestionLedger ledger;
    private final RejectedEntries rejectedEntries;
    private final InstanceValidations validations;

    IngestionController(TenantRegistry tenants, IngestionLedger ledger, RejectedEntries rejectedEntries, InstanceValidations validations) {
        this.tenants = tenants;
        this.ledger = ledger;
        this.rejectedEntries = rejectedEntries;
        this.validations = validations;
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
        return ledger.list(tenant.value(), status, from, to, limit).stream().map(entry -> IngestionView.of(entry, null, null)).toList();
    }

    @Operation(summary = "Get one ingestion: counts per resource type, size, hash, status, object key, entries left out, "
            + "instance validation status")
    @GetMapping("/{ingestionId}")
    IngestionView get(@PathVariable UUID ingestionId, @RequestParam String tenantId) {
        TenantId tenant = tenants.requireActive(tenantId);
        IngestionEntry entry = ledger.find(tenant.value(), ingestionId).orElseThrow(() -> new NotFoundException(
                "Cannot find ingestion: tenant %s has no ingestion with this id (%s)".formatted(tenant, ingestionId)));
        return IngestionView.of(entry, rejectedEntries.of(tenant.value(), ingestionId).stream().map(RejectedEntryView::of).toList(),
                validations.find(tenant.value(), ingestionId).map(ValidationSummary::of).orElse(null));
    }

    @Operation(summary = "Get the instance validation findings of one ingestion as a FHIR OperationOutcome",
            description = "Issues carry FHIRPath locations in the stored object (for a single posted resource: in the resource). "
                    + "While the validation is pending or running, a single information issue says so.")
    @ApiResponse(responseCode = "200", description = "The findings",
            content = @Content(mediaType = "application/fhir+json", schema = @Schema(type = "object", description = "FHIR R4 OperationOutcome")))
    @ApiResponse(responseCode = "404", description = "Unknown tenant, or no instance validation of this ingestion (the tenant had it off)",
            content = @Content(mediaType = "application/problem+json"))
    @GetMapping(path = "/{ingestionId}/validation", produces = {"application/fhir+json", "application/json"})
    OperationOutcome validation(@PathVariable UUID ingestionId, @RequestParam String tenantId) {
        TenantId tenant = tenants.requireActive(tenantId);
        return validations.find(tenant.value(), ingestionId).map(InstanceValidationOutcome::of).orElseThrow(() -> new NotFoundException(
                "Cannot find instance validation: tenant %s has no instance validation of this ingestion (%s)".formatted(tenant, ingestionId)));
    }
}
