package io.metriccare.api.ingest;

import java.io.IOException;
import java.util.Optional;
import java.util.UUID;

import io.metriccare.api.fhir.FhirResourceMessageConverter;
import io.metriccare.api.fhir.OperationOutcomes;
import io.metriccare.api.problems.NotFoundException;
import io.metriccare.ingest.bulk.BulkImportJob;
import io.metriccare.ingest.bulk.BulkImportTooLargeException;
import io.metriccare.ingest.bulk.BulkImportUnreadableException;
import io.metriccare.ingest.bulk.BulkImports;
import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.TenantRegistry;
import io.metriccare.tenancy.settings.TenantSettingsRepository;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Bulk NDJSON import, in the asynchronous request pattern of FHIR Bulk Data: {@code $import} answers
 * 202 with a {@code Content-Location} to poll, {@code $import-status} answers 202 with
 * {@code X-Progress} while the import runs and 200 with its outcome when it has finished.
 */
@RestController
@Tag(name = "FHIR ingest")
class BulkImportController {

    private static final String FHIR_JSON = "application/fhir+json";
    private static final String JSON = "application/json";
    private static final String FHIR_NDJSON = "application/fhir+ndjson";
    private static final String X_NDJSON = "application/x-ndjson";
    private static final String OPERATION_OUTCOME = "FHIR R4 OperationOutcome";

    private final TenantRegistry tenants;
    private final TenantSettingsRepository settings;
    private final BulkImports imports;

    BulkImportController(TenantRegistry tenants, TenantSettingsRepository settings, BulkImports imports) {
        this.tenants = tenants;
        this.settings = settings;
        this.imports = imports;
    }

    @Operation(summary = "Import FHIR R4 resources as NDJSON, one resource per line (asynchronous)",
            description = "The body is stored first, then imported in the background: every line is parsed strictly; "
                    + "accepted resources are stored as collection Bundles of at most 1,000 resources, exactly like "
                    + "POST /fhir/{tenantId}/Bundle; rejected lines are reported with their line number. "
                    + "Send Content-Encoding: gzip to upload the body compressed.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @Content(mediaType = FHIR_NDJSON, schema = @Schema(type = "string", description = "One FHIR R4 resource (JSON) per line")),
                    @Content(mediaType = X_NDJSON, schema = @Schema(type = "string", description = "One FHIR R4 resource (JSON) per line"))}))
    @ApiResponse(responseCode = "202", description = "Accepted; poll the Content-Location for the import's progress and outcome",
            headers = @Header(name = HttpHeaders.CONTENT_LOCATION, description = "The import's status URL",
                    schema = @Schema(type = "string")),
            content = @Content(mediaType = FHIR_JSON, schema = @Schema(type = "object", description = OPERATION_OUTCOME)))
    @ApiResponse(responseCode = "400", description = "The body could not be read (e.g. not gzip as declared); no import was started",
            content = @Content(mediaType = FHIR_JSON, schema = @Schema(type = "object", description = OPERATION_OUTCOME)))
    @ApiResponse(responseCode = "404", description = "Unknown tenant",
            content = @Content(mediaType = FHIR_JSON, schema = @Schema(type = "object", description = OPERATION_OUTCOME)))
    @ApiResponse(responseCode = "413", description = "The (decompressed) body is larger than metriccare.bulk-import.max-size",
            content = @Content(mediaType = FHIR_JSON, schema = @Schema(type = "object", description = OPERATION_OUTCOME)))
    @ApiResponse(responseCode = "415", description = "Neither NDJSON nor a supported Content-Encoding (gzip, identity)",
            content = @Content(mediaType = FHIR_JSON, schema = @Schema(type = "object", description = OPERATION_OUTCOME)))
    @PostMapping(path = "/fhir/{tenantId}/$import", consumes = {FHIR_NDJSON, X_NDJSON}, produces = {FHIR_JSON, JSON})
    ResponseEntity<OperationOutcome> startImport(
            @PathVariable String tenantId,
            @Parameter(description = "gzip when the body is compressed; identity or absent otherwise")
            @RequestHeader(name = HttpHeaders.CONTENT_ENCODING, required = false) String contentEncoding,
            HttpServletRequest request) throws IOException {
        TenantId tenant = tenants.requireActive(tenantId);
        boolean gzipped = isGzip(contentEncoding);
        BulkImportJob job;
        try {
            job = imports.submit(tenant.value(), request.getInputStream(), gzipped, request.getContentLengthLong(),
                    settings.find(tenant).instanceValidation());
        } catch (BulkImportUnreadableException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage(), e);
        } catch (BulkImportTooLargeException e) {
            throw new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE, e.getMessage(), e);
        }
        String statusPath = "/fhir/%s/$import-status/%s".formatted(tenant.value(), job.jobId());
        OperationOutcome outcome = OperationOutcomes.information(
                "Accepted bulk import %s; its progress and outcome are at %s".formatted(job.jobId(), statusPath));
        outcome.setId(job.jobId().toString());
        return ResponseEntity.accepted().header(HttpHeaders.CONTENT_LOCATION, statusPath)
                .contentType(FhirResourceMessageConverter.FHIR_JSON).body(outcome);
    }

    @Operation(summary = "Get the progress or outcome of a bulk NDJSON import")
    @ApiResponse(responseCode = "200", description = "The import has finished (completed or failed)",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = BulkImportStatus.class)))
    @ApiResponse(responseCode = "202", description = "The import is queued or running",
            headers = @Header(name = "X-Progress", description = "\"<n> lines read, <n> accepted, <n> rejected\"",
                    schema = @Schema(type = "string")),
            content = @Content(mediaType = FHIR_JSON, schema = @Schema(type = "object", description = OPERATION_OUTCOME)))
    @ApiResponse(responseCode = "404", description = "Unknown tenant, or no import with this id for the tenant",
            content = @Content(mediaType = FHIR_JSON, schema = @Schema(type = "object", description = OPERATION_OUTCOME)))
    @GetMapping(path = "/fhir/{tenantId}/$import-status/{jobId}", produces = {JSON, FHIR_JSON})
    ResponseEntity<?> importStatus(@PathVariable String tenantId,
                                   @Parameter(schema = @Schema(type = "string", format = "uuid")) @PathVariable String jobId) {
        TenantId tenant = tenants.requireActive(tenantId);
        BulkImportJob job = uuid(jobId).flatMap(id -> imports.find(tenant.value(), id)).orElseThrow(() -> new NotFoundException(
                "Cannot find bulk import: the tenant has no import with this id (%s)".formatted(jobId)));
        if (job.isFinished()) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(BulkImportStatus.of(job));
        }
        String progress = "%d lines read, %d accepted, %d rejected".formatted(job.linesRead(), job.resourcesAccepted(),
                job.resourcesRejected());
        return ResponseEntity.accepted().header("X-Progress", progress).contentType(FhirResourceMessageConverter.FHIR_JSON)
                .body(OperationOutcomes.information("Bulk import %s is %s: %s".formatted(job.jobId(), job.status(), progress)));
    }

    private static boolean isGzip(String contentEncoding) {
        if (contentEncoding == null || contentEncoding.isBlank() || contentEncoding.trim().equalsIgnoreCase("identity")) {
            return false;
        }
        if (contentEncoding.trim().equalsIgnoreCase("gzip") || contentEncoding.trim().equalsIgnoreCase("x-gzip")) {
            return true;
        }
        throw new ResponseStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Cannot import: Content-Encoding must be gzip or identity (%s)".formatted(contentEncoding));
    }

    /** A job id that is not a UUID names no job: 404, like any other unknown id. */
    private static Optional<UUID> uuid(String jobId) {
        try {
            return Optional.of(UUID.fromString(jobId));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
