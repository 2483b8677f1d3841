package io.metriccare.api.ingest;

import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.TenantRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "FHIR ingest")
class FhirMetadataController {

    private final TenantRegistry tenants;
    private final SubmissionCapabilities capabilities;

    FhirMetadataController(TenantRegistry tenants, SubmissionCapabilities capabilities) {
        this.tenants = tenants;
        this.capabilities = capabilities;
    }

    @Operation(summary = "The CapabilityStatement of a tenant's FHIR endpoint: what it accepts")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/fhir+json",
            schema = @Schema(type = "object", description = "FHIR R4 CapabilityStatement")))
    @GetMapping(path = "/fhir/{tenantId}/metadata", produces = {"application/fhir+json", "application/json"})
    CapabilityStatement metadata(@PathVariable String tenantId) {
        TenantId tenant = tenants.requireActive(tenantId);
        return capabilities.statement();
    }
}
