package io.metriccare.api.ingest;

import io.metriccare.api.fhir.OperationOutcomes;
import io.metriccare.ingest.bundle.BundleIntake;
import io.metriccare.ingest.bundle.SubmissionKind;
import io.metriccare.ingest.ledger.IngestionEntry;
import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.TenantRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The FHIR R4 door through which hospitals submit data. */
@RestController
@Tag(name = "FHIR ingest")
class FhirSubmissionController {

    private static final String FHIR_JSON = "application/fhir+json";
    private static final String JSON = "application/json";

    private final TenantRegistry tenants;
    private final BundleIntake intake;

    FhirSubmissionController(TenantRegistry tenants, BundleIntake intake) {
        this.tenants = tenants;
        this.intake = intake;
    }

    @Operation(summary = "Submit a FHIR R4 transaction or batch Bundle",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
                    content = @Content(mediaType = FHIR_JSON, schema = @Schema(type = "object", description = "A FHIR R4 Bundle of type transaction or batch"))))
    @SubmissionResponses
    @PostMapping(path = "/fhir/{tenantId}", consumes = {FHIR_JSON, JSON}, produces = {FHIR_JSON, JSON})
    ResponseEntity<OperationOutcome> submitTransaction(@PathVariable String tenantId, @RequestBody byte[] body) {
        return accepted(intake(tenantId, body, SubmissionKind.TRANSACTION));
    }

    @Operation(summary = "Submit a FHIR R4 collection Bundle",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
                    content = @Content(mediaType = FHIR_JSON, schema = @Schema(type = "object", description = "A FHIR R4 Bundle of type collection"))))
    @SubmissionResponses
    @PostMapping(path = "/fhir/{tenantId}/Bundle", consumes = {FHIR_JSON, JSON}, produces = {FHIR_JSON, JSON})
    ResponseEntity<OperationOutcome> submitCollection(@PathVariable String tenantId, @RequestBody byte[] body) {
        return accepted(intake(tenantId, body, SubmissionKind.COLLECTION));
    }

    private IngestionEntry intake(String tenantId, byte[] body, SubmissionKind kind) {
        TenantId tenant = new TenantId(tenantId);
        tenants.require(tenant);
        return intake.accept(tenant.value(), body, kind);
    }

    private static ResponseEntity<OperationOutcome> accepted(IngestionEntry entry) {
        OperationOutcome outcome = OperationOutcomes.information("Accepted %s Bundle with %d resources as ingestion %s"
                .formatted(entry.bundleType(), entry.resourceCount(), entry.ingestionId()));
        outcome.setId(entry.ingestionId().toString());
        return ResponseEntity.status(HttpStatus.ACCEPTED).header("X-Ingestion-Id", entry.ingestionId().toString()).body(outcome);
    }
}
