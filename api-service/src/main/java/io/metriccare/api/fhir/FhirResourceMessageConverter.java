package io.metriccare.api.fhir;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.stereotype.Component;

/** Writes HAPI FHIR resources (OperationOutcome, CapabilityStatement...) as FHIR JSON. */
@Component
public class FhirResourceMessageConverter extends AbstractHttpMessageConverter<IBaseResource> {

    public static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json");

    private final FhirContext fhirContext;

    public FhirResourceMessageConverter(FhirContext fhirContext) {
        super(StandardCharsets.UTF_8, FHIR_JSON, MediaType.APPLICATION_JSON);
        this.fhirContext = fhirContext;
    }

    @Override
    protected boolean supports(Class<?> type) {
        return IBaseResource.class.isAssignableFrom(type);
    }

    @Override
    protected boolean canRead(MediaType mediaType) {
        return false;
    }

    @Override
    protected IBaseResource readInternal(Class<? extends IBaseResource> type, HttpInputMessage input) {
        throw new HttpMessageNotReadableException("FHIR request bodies are read by the ingest endpoints", input);
    }

    @Override
    protected void writeInternal(IBaseResource resource, HttpOutputMessage output) throws IOException {
        Writer writer = new OutputStreamWriter(output.getBody(), StandardCharsets.UTF_8);
        fhirContext.newJsonParser().encodeResourceToWriter(resource, writer);
        writer.flush();
    }
}
