package io.metriccare.ingest.bundle;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * Parses a submission strictly with HAPI FHIR and checks every rule it must meet before anything of
 * it is stored: the Bundle type the endpoint takes, the Bundle's own rules, and {@link StructureRules}
 * on every resource. All findings are reported together, each with its FHIRPath location.
 */
@Component
public class BundleReader {

    private final FhirContext fhirContext;
    private final StructureRules structure;
    private final JsonShapeRules jsonShape = new JsonShapeRules();

    public BundleReader(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
        this.structure = new StructureRules(fhirContext);
    }

    /** Reads a Bundle submitted to a Bundle endpoint; any finding rejects it. */
    public ParsedBundle read(byte[] body, SubmissionKind kind) {
        return read(body, kind, false);
    }

    /**
     * Reads a Bundle submitted to a Bundle endpoint.
     *
     * @param acceptValidEntries findings located inside a {@code Bundle.entry[i]} leave that entry out
     *                           instead of rejecting the Bundle, as long as no finding concerns the Bundle
     *                           itself and some entry remains; the entries left out are on the result
     */
    public ParsedBundle read(byte[] body, SubmissionKind kind, boolean acceptValidEntries) {
        Bundle bundle = parse(body, Bundle.class);
        if (bundle.getType() == null || !kind.accepts(bundle.getType())) {
            throw new InvalidSubmissionException(new SubmissionIssue("invalid",
                    "Bundle.type must be %s for this endpoint (%s)".formatted(kind.acceptedTypesText(),
                            bundle.getType() == null ? "absent" : bundle.getType().toCode()),
                    "Bundle.type"));
        }
        return check(bundle, bundle, body, acceptValidEntries);
    }

    /**
     * Reads one resource submitted to {@code POST [base]/[type]} and wraps it in a collection Bundle,
     * the form the raw zone keeps every submission in.
     */
    public SingleResource readResource(byte[] body, String resourceType) {
        if (!fhirContext.getResourceTypes().contains(resourceType) || "Bundle".equals(resourceType)) {
            throw new InvalidSubmissionException(new SubmissionIssue("not-supported",
                    "Resource type is not a FHIR R4 resource type accepted here (%s)".formatted(resourceType), null));
        }
        Resource resource = parse(body, fhirContext.getResourceDefinition(resourceType).getImplementingClass().asSubclass(Resource.class));
        Bundle bundle = new Bundle().setType(BundleType.COLLECTION);
        bundle.addEntry().setResource(resource);
        ParsedBundle parsed = check(bundle, resource, body, false);
        return new SingleResource(parsed, fhirContext.newJsonParser().encodeResourceToString(bundle).getBytes(StandardCharsets.UTF_8));
    }

    /** A single submitted resource, wrapped in a collection Bundle. */
    public record SingleResource(ParsedBundle bundle, byte[] bundleJson) {
    }

    /** @param submitted the resource as submitted: the Bundle itself, or the single resource it wraps */
    private ParsedBundle check(Bundle bundle, Resource submitted, byte[] body, boolean acceptValidEntries) {
        List<SubmissionIssue> issues = new ArrayList<>();
        jsonShape.check(body, submitted.fhirType(), issues);
        checkBundleRules(bundle, issues);
        structure.checkResource(submitted, submitted.fhirType(), issues);
        List<RejectedEntry> rejected = acceptValidEntries && !issues.isEmpty() ? rejectedEntries(bundle, issues) : List.of();
        boolean onlyEntriesAtFault = rejected.stream().mapToInt(entry -> entry.issues().size()).sum() == issues.size();
        if (!issues.isEmpty() && (!onlyEntriesAtFault || rejected.size() == bundle.getEntry().size())) {
            throw new InvalidSubmissionException(issues);
        }
        Set<Integer> left = rejected.stream().map(RejectedEntry::index).collect(Collectors.toSet());
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < bundle.getEntry().size(); i++) {
            BundleEntryComponent entry = bundle.getEntry().get(i);
            if (entry.hasResource() && !left.contains(i)) {
                counts.merge(entry.getResource().fhirType(), 1, Integer::sum);
            }
        }
        return new ParsedBundle(bundle.getType().toCode(), counts, rejected);
    }

    /** The entries that findings are located in, each with its findings, in Bundle order. */
    private List<RejectedEntry> rejectedEntries(Bundle bundle, List<SubmissionIssue> issues) {
        Map<Integer, List<SubmissionIssue>> byEntry = new TreeMap<>();
        for (SubmissionIssue issue : issues) {
            issue.entryIndex().ifPresent(index -> byEntry.computeIfAbsent(index, i -> new ArrayList<>()).add(issue));
        }
        List<RejectedEntry> rejected = new ArrayList<>();
        byEntry.forEach((index, entryIssues) -> {
            Resource resource = index < bundle.getEntry().size() ? bundle.getEntry().get(index).getResource() : null;
            String id = resource == null ? null : resource.getIdElement().getIdPart();
            rejected.add(new RejectedEntry(index, resource == null ? null : resource.fhirType(),
                    id != null && structure.isValidId(id) ? id : null, entryIssues));
        });
        return rejected;
    }

    private void checkBundleRules(Bundle bundle, List<SubmissionIssue> issues) {
        boolean needsRequests = bundle.getType() == BundleType.TRANSACTION || bundle.getType() == BundleType.BATCH;
        Set<String> fullUrls = new HashSet<>();
        List<BundleEntryComponent> entries = bundle.getEntry();
        for (int i = 0; i < entries.size(); i++) {
            BundleEntryComponent entry = entries.get(i);
            String path = "Bundle.entry[%d]".formatted(i);
            if (needsRequests && !entry.hasRequest()) {
                issues.add(new SubmissionIssue("required", "Entries of a %s Bundle must have a request (bdl-3)"
                        .formatted(bundle.getType().toCode()), path + ".request"));
            }
            if (entry.hasFullUrl() && !structure.isAbsoluteUrl(entry.getFullUrl())) {
                issues.add(new SubmissionIssue("value", "Bundle.entry.fullUrl must be an absolute URL or a urn:uuid:/urn:oid: (%s)"
                        .formatted(entry.getFullUrl()), path + ".fullUrl"));
            }
            if (entry.hasFullUrl() && !fullUrls.add(entry.getFullUrl() + versionOf(entry))) {
                issues.add(new SubmissionIssue("duplicate", "Entries with the same fullUrl must have different meta.versionId (bdl-7) (%s)"
                        .formatted(entry.getFullUrl()), path + ".fullUrl"));
            }
        }
        long selfLinks = bundle.getLink().stream().filter(link -> "self".equals(link.getRelation())).count();
        if (selfLinks > 1) {
            issues.add(new SubmissionIssue("invalid", "Bundle.link with relation 'self' may occur only once (%d)".formatted(selfLinks),
                    "Bundle.link"));
        }
    }

    private static String versionOf(BundleEntryComponent entry) {
        return entry.hasResource() && entry.getResource().getMeta().hasVersionId() ? "|" + entry.getResource().getMeta().getVersionId() : "";
    }

    private <T extends Resource> T parse(byte[] body, Class<T> type) {
        // keep each resource's own id: HAPI would otherwise replace it with the entry's fullUrl
        IParser parser = fhirContext.newJsonParser()
                .setParserErrorHandler(new StrictErrorHandler())
                .setOverrideResourceIdWithBundleEntryFullUrl(false);
        try (Reader reader = new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8)) {
            return parser.parseResource(type, reader);
        } catch (DataFormatException e) {
            throw new InvalidSubmissionException(new SubmissionIssue("structure", e.getMessage(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
