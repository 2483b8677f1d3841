package io.metriccare.api.fhir;

import io.swagger.v3.oas.models.media.ObjectSchema;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Configuration;

/**
 * Documents FHIR resources in the OpenAPI description by reference to the FHIR R4 JSON schema,
 * instead of springdoc introspecting HAPI's model classes (hundreds of internal types).
 */
@Configuration(proxyBeanMethods = false)
class FhirOpenApiSchemas {

    static {
        // springdoc's type substitutions are only configurable through this global registry
        SpringDocUtils.getConfig().replaceWithSchema(OperationOutcome.class, new ObjectSchema()
                .description("A FHIR R4 OperationOutcome (https://hl7.org/fhir/R4/operationoutcome.html)"));
    }
}
