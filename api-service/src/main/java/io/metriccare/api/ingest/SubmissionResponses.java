package io.metriccare.api.ingest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** The documented answers of a FHIR submission, all of them OperationOutcomes. */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ApiResponse(responseCode = "202", description = "Accepted; the OperationOutcome's id (and X-Ingestion-Id) is the ingestion id. "
        + "Under the tenant's accept-valid-entries policy, each entry left out is a warning issue with its FHIRPath locations",
        content = @Content(mediaType = "application/fhir+json", schema = @Schema(type = "object", description = "FHIR R4 OperationOutcome")))
@ApiResponse(responseCode = "400", description = "Not acceptable FHIR (e.g. not parseable); nothing was stored",
        content = @Content(mediaType = "application/fhir+json", schema = @Schema(type = "object", description = "FHIR R4 OperationOutcome")))
@ApiResponse(responseCode = "422", description = "Parseable but invalid FHIR (issues carry FHIRPath locations); nothing was stored",
        content = @Content(mediaType = "application/fhir+json", schema = @Schema(type = "object", description = "FHIR R4 OperationOutcome")))
@ApiResponse(responseCode = "404", description = "Unknown tenant",
        content = @Content(mediaType = "application/fhir+json", schema = @Schema(type = "object", description = "FHIR R4 OperationOutcome")))
@interface SubmissionResponses {
}
