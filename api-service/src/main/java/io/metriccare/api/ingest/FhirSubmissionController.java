package io.metriccare.api.ingest;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.metriccare.api.fhir.OperationOutcomes;
import io.metriccare.ingest.bundle.BundleIntake;
import io.metriccare.ingest.bundle.IntakePolicy;
import io.metriccare.ingest.bundle.RejectedEntry;
import io.metriccare.ingest.bundle.Submission;
import io.metriccare.ingest.bundle.SubmissionIssue;
import io.metriccare.ingest.bundle.SubmissionKind;
import io.metriccare.ingest.ledger.IngestionEntry;
import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.TenantRegistry;
import io.metriccare.tenancy.settings.TenantSettings;
import io.metriccare.tenancy.settings.TenantSettingsRepository;
import io.metriccare.tenancy.settings.ValidationPolicy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** The FHIR R4 door through which hospitals submit data. */
@RestController
@Tag(name = "FHIR ingest")
class FhirSubmissionController {

    private static final String FHIR_JSON = "application/fhir+json";
    private static final String JSON = "application/json";
    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final TenantRegistry tenants;
    private final TenantSettingsRepository settings;
    private final BundleIntake intake;
    private final IngestProperties properties;

    FhirSubmissionController(TenantRegistry tenants, TenantSettingsRepository settings, BundleIntake intake, IngestProperties properties) {
        this.tenants = tenants;
        this.settings = settings;
        this.intake = intake;
        this.properties = properties;
    }

    @Operation(summary = "Submit a FHIR R4 transaction or batch Bundle",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = FHIR_JSON, schema = @Schema(type = "object", description = "A FHIR R4 Bundle of type transaction or batch"))))
    @SubmissionResponses
    @PostMapping(path = {"/fhir/{tenantId}", "/fhir/{tenantId}/"}, consumes = {FHIR_JSON, JSON}, produces = {FHIR_JSON, JSON})
    ResponseEntity<OperationOutcome> submitTransaction(@PathVariable String tenantId, @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
                                                       HttpServletRequest request) {
        return answer(submit(tenantId, SubmissionKind.TRANSACTION, null, idempotencyKey, request));
    }

    @Operation(summary = "Submit a FHIR R4 collection Bundle",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = FHIR_JSON, schema = @Schema(type = "object", description = "A FHIR R4 Bundle of type collection"))))
    @SubmissionResponses
    @PostMapping(path = "/fhir/{tenantId}/Bundle", consumes = {FHIR_JSON, JSON}, produces = {FHIR_JSON, JSON})
    ResponseEntity<OperationOutcome> submitCollection(@PathVariable String tenantId, @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
                                                      HttpServletRequest request) {
        return answer(submit(tenantId, SubmissionKind.COLLECTION, null, idempotencyKey, request));
    }

    @Operation(summary = "Submit one FHIR R4 resource of the type in the path",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = FHIR_JSON, schema = @Schema(type = "object", description = "A FHIR R4 resource"))))
    @SubmissionResponses
    @PostMapping(path = "/fhir/{tenantId}/{resourceType:[A-Z][A-Za-z]+}", consumes = {FHIR_JSON, JSON}, produces = {FHIR_JSON, JSON})
    ResponseEntity<OperationOutcome> submitResource(@PathVariable String tenantId, @PathVariable String resourceType,
                                                    @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey, HttpServletRequest request) {
        return answer(submit(tenantId, SubmissionKind.RESOURCE, resourceType, idempotencyKey, request));
    }

    private BundleIntake.Receipt submit(String tenantId, SubmissionKind kind, String resourceType, String idempotencyKey,
                                        HttpServletRequest request) {
        TenantId tenant = tenants.requireActive(tenantId);
        SubmissionBody body = SubmissionBody.read(request, properties.maxBodySize().toBytes());
        TenantSettings tenantSettings = settings.find(tenant);
        IntakePolicy policy = new IntakePolicy(tenantSettings.validationPolicy() == ValidationPolicy.ACCEPT_VALID_ENTRIES,
                tenantSettings.instanceValidation());
        return intake.submit(new Submission(tenant.value(), body.json(), body.gzipped(), kind, resourceType,
                blankToNull(idempotencyKey), policy));
    }

    /** The ingestion id as an information issue; each entry left out as a warning at its location. */
    private static ResponseEntity<OperationOutcome> answer(BundleIntake.Receipt receipt) {
        IngestionEntry entry = receipt.entry();
        String leftOut = receipt.rejectedEntries().isEmpty() ? "" : "; %d entries left out".formatted(receipt.rejectedEntries().size());
        OperationOutcome outcome = OperationOutcomes.information(receipt.repeated()
                ? "Already accepted as ingestion %s; nothing stored again%s".formatted(entry.ingestionId(), leftOut)
                : "Accepted %s Bundle with %d resources as ingestion %s%s".formatted(entry.bundleType(), entry.resourceCount(),
                        entry.ingestionId(), leftOut));
        for (RejectedEntry rejected : receipt.rejectedEntries()) {
            List<String> locations = Stream.concat(Stream.of(rejected.location()), rejected.issues().stream().map(SubmissionIssue::location))
                    .distinct().toList();
            OperationOutcomes.addWarning(outcome, IssueType.PROCESSING, "Entry left out, not stored: " + describe(rejected), locations);
        }
        outcome.setId(entry.ingestionId().toString());
        return ResponseEntity.status(receipt.repeated() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .header("X-Ingestion-Id", entry.ingestionId().toString())
                .header("Content-Location", "/api/v1/ingestions/%s?tenantId=%s".formatted(entry.ingestionId(), entry.tenantId()))
                .body(outcome);
    }

    private static String describe(RejectedEntry rejected) {
        String resource = rejected.resourceType() == null ? "no resource"
                : rejected.resourceId() == null ? rejected.resourceType() : rejected.resourceType() + "/" + rejected.resourceId();
        return "%s (%s): %s".formatted(rejected.location(), resource,
                rejected.issues().stream().map(SubmissionIssue::diagnostics).collect(Collectors.joining("; ")));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
