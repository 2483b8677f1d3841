package io.metriccare.ingest.bundle;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * Parses a submitted Bundle strictly with HAPI FHIR and checks the rules a submission must meet
 * before anything of it is stored.
 */
@Component
public class BundleReader {

    private final FhirContext fhirContext;

    public BundleReader(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    public ParsedBundle read(byte[] body, SubmissionKind kind) {
        Bundle bundle = parse(body);
        if (bundle.getType() == null || !kind.accepts(bundle.getType())) {
            throw new InvalidSubmissionException(new SubmissionIssue("invalid",
                    "Bundle.type must be %s for this endpoint (%s)".formatted(kind.acceptedTypesText(),
                            bundle.getType() == null ? "absent" : bundle.getType().toCode()),
                    "Bundle.type"));
        }
        List<SubmissionIssue> issues = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        List<BundleEntryComponent> entries = bundle.getEntry();
        for (int i = 0; i < entries.size(); i++) {
            Resource resource = entries.get(i).getResource();
            if (resource != null) {
                counts.merge(resource.fhirType(), 1, Integer::sum);
                checkPeriodOrder(resource, "Bundle.entry[%d].resource".formatted(i), issues);
            }
        }
        if (!issues.isEmpty()) {
            throw new InvalidSubmissionException(issues);
        }
        return new ParsedBundle(bundle.getType().toCode(), counts);
    }

    private Bundle parse(byte[] body) {
        IParser parser = fhirContext.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
        try (var reader = new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8)) {
            return parser.parseResource(Bundle.class, reader);
        } catch (DataFormatException e) {
            throw new InvalidSubmissionException(new SubmissionIssue("structure", e.getMessage(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkPeriodOrder(Resource resource, String path, List<SubmissionIssue> issues) {
        if (resource instanceof Encounter encounter && encounter.hasPeriod()) {
            Period period = encounter.getPeriod();
            if (period.hasStart() && period.hasEnd() && period.getEnd().before(period.getStart())) {
                issues.add(new SubmissionIssue("value",
                        "Encounter.period.end must not be before period.start (%s < %s)"
                                .formatted(period.getEndElement().getValueAsString(),
                                        period.getStartElement().getValueAsString()),
                        path + ".period"));
            }
        }
    }
}
