package io.metriccare.api.ingest;

import java.util.Date;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementKind;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.RestfulCapabilityMode;
import org.hl7.fhir.r4.model.CapabilityStatement.SystemRestfulInteraction;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.Enumerations.FHIRVersion;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.springframework.stereotype.Component;

/**
 * What the FHIR endpoint accepts, stated once: transaction and batch Bundles, collection Bundles,
 * single resources of any R4 type, JSON only. It is a submission endpoint: no read or search.
 */
@Component
class SubmissionCapabilities {

    private final CapabilityStatement statement;

    SubmissionCapabilities(FhirContext fhirContext) {
        CapabilityStatement capabilities = new CapabilityStatement()
                .setStatus(PublicationStatus.ACTIVE)
                .setDate(new Date())
                .setKind(CapabilityStatementKind.INSTANCE)
                .setFhirVersion(FHIRVersion._4_0_1)
                .setPublisher("MetricCare");
        capabilities.setName("MetricCareSubmission");
        capabilities.setDescription("Accepts FHIR R4 submissions into the tenant's raw zone for quality measurement. "
                + "Responses are 202 Accepted with an OperationOutcome whose id is the ingestion id; repeats of a body or "
                + "Idempotency-Key answer 200 with the original ingestion. Bulk NDJSON: POST [base]/$import.");
        capabilities.getSoftware().setName("MetricCare");
        capabilities.addFormat("application/fhir+json").addFormat("json");
        CapabilityStatementRestComponent rest = capabilities.addRest().setMode(RestfulCapabilityMode.SERVER);
        rest.addInteraction().setCode(SystemRestfulInteraction.TRANSACTION);
        rest.addInteraction().setCode(SystemRestfulInteraction.BATCH);
        fhirContext.getResourceTypes().stream().sorted().forEach(type ->
                rest.addResource().setType(type).addInteraction().setCode(TypeRestfulInteraction.CREATE));
        rest.addOperation().setName("import").setDefinition("http://hl7.org/fhir/uv/bulkdata/OperationDefinition/import");
        this.statement = capabilities;
    }

    CapabilityStatement statement() {
        return statement.copy();
    }
}
