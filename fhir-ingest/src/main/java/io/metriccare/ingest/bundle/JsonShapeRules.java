package io.metriccare.ingest.bundle;

import java.util.List;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Rules of FHIR's JSON format that HAPI's parser tolerates: no empty arrays or objects, no
 * {@code null} values, and no DSTU2 {@code fhir_comments}. One streaming pass over the bytes.
 */
final class JsonShapeRules {

    private static final JsonFactory JSON = new JsonFactory();

    void check(byte[] body, String rootType, List<SubmissionIssue> issues) {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
            JsonToken previous = null;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.END_ARRAY && previous == JsonToken.START_ARRAY) {
                    issues.add(new SubmissionIssue("structure", "Arrays must not be empty: leave the property out instead",
                            location(rootType, parser)));
                } else if (token == JsonToken.END_OBJECT && previous == JsonToken.START_OBJECT) {
                    issues.add(new SubmissionIssue("structure", "Objects must not be empty: leave the property out instead",
                            location(rootType, parser)));
                } else if (token == JsonToken.VALUE_NULL && !parser.streamReadContext().inArray()) {
                    issues.add(new SubmissionIssue("structure", "Properties must not be null: leave the property out instead",
                            location(rootType, parser)));
                } else if (token == JsonToken.PROPERTY_NAME && "fhir_comments".equals(parser.currentName())) {
                    issues.add(new SubmissionIssue("structure", "Unrecognized property 'fhir_comments' (DSTU2 comments are not R4 JSON)",
                            location(rootType, parser)));
                }
                previous = token;
            }
        }
    }

    /** The JSON pointer of the current token as a FHIRPath-like location: /entry/0/resource → Bundle.entry[0].resource. */
    private static String location(String rootType, JsonParser parser) {
        StringBuilder path = new StringBuilder(rootType);
        for (String step : parser.streamReadContext().pathAsPointer().toString().split("/")) {
            if (step.isEmpty()) {
                continue;
            }
            if (step.chars().allMatch(Character::isDigit)) {
                path.append('[').append(step).append(']');
            } else {
                path.append('.').append(step);
            }
        }
        return path.toString();
    }
}
