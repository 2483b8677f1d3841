package io.metriccare.ingest.validation;

import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;

/**
 * Full FHIR R4 instance validation with HAPI's {@link FhirInstanceValidator}: cardinalities, invariants
 * (FHIRPath constraints), bindings against the value sets HAPI ships, and the base profiles. Profiles
 * that are not shipped (e.g. US Core in {@code meta.profile}) are reported as warnings, not checked.
 * <p>
 * The support chain and validator are built once, on first use, and shared: building them loads every R4
 * definition (the first validation takes seconds), and both are thread-safe afterwards.
 */
@Component
public class InstanceValidator {

    private final SingletonSupplier<FhirValidator> validator;

    InstanceValidator(FhirContext fhirContext) {
        this.validator = SingletonSupplier.of(() -> build(fhirContext));
    }

    /** Every finding about the FHIR JSON resource, in the validator's order. */
    public List<ValidationIssue> validate(String json) {
        return validator.obtain().validateWithResult(json).getMessages().stream()
                .map(message -> new ValidationIssue(message.getSeverity().getCode(), message.getMessageId(),
                        message.getMessage(), message.getLocationString()))
                .toList();
    }

    private static FhirValidator build(FhirContext fhirContext) {
        ValidationSupportChain support = new ValidationSupportChain(
                new DefaultProfileValidationSupport(fhirContext),
                new CommonCodeSystemsTerminologyService(fhirContext),
                new InMemoryTerminologyServerValidationSupport(fhirContext),
                new SnapshotGeneratingValidationSupport(fhirContext));
        FhirInstanceValidator instanceValidator = new FhirInstanceValidator(support);
        instanceValidator.setErrorForUnknownProfiles(false);
        return fhirContext.newValidator().registerValidatorModule(instanceValidator);
    }
}
