package io.metriccare.ingest.bundle;

import java.util.List;
import java.util.regex.Pattern;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildChoiceDefinition;
import org.hl7.fhir.instance.model.api.IBase;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The structural rules every submitted resource must meet beyond what the strict parser checks:
 * required elements (minimum cardinality of HAPI's R4 runtime definitions), resource id syntax,
 * reference forms and {@code Period} order (invariant per-1). Walks the resource once, keeping a
 * FHIRPath location for every finding.
 */
final class StructureRules {

    private static final Pattern RESOURCE_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final Pattern RESOURCE_TYPE = Pattern.compile("[A-Z][A-Za-z]+");
    private static final Pattern ABSOLUTE_URL = Pattern.compile("(https?://\\S+|urn:uuid:[0-9a-fA-F-]{36}|urn:oid:[0-2](\\.\\d+)+)");
    private static final Pattern LITERAL_REFERENCE = Pattern.compile(
            "(?:https?://\\S+/)?(?<type>[A-Z][A-Za-z]+)/[A-Za-z0-9\\-.]{1,64}(?:/_history/[A-Za-z0-9\\-.]{1,64})?");
    private static final Pattern CONDITIONAL_REFERENCE = Pattern.compile("(?<type>[A-Z][A-Za-z]+)\\?\\S+");

    private final FhirContext fhirContext;

    StructureRules(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    void checkResource(Resource resource, String path, List<SubmissionIssue> issues) {
        if (resource.hasIdElement() && resource.getIdElement().hasIdPart() && !isValidId(resource.getIdElement().getIdPart())) {
            issues.add(new SubmissionIssue("value", "Resource id must be 1-64 letters, digits, '-' or '.' (%s)"
                    .formatted(abbreviate(resource.getIdElement().getIdPart())), path + ".id"));
        }
        walk(resource, fhirContext.getResourceDefinition(resource), path, issues);
    }

    boolean isValidId(String id) {
        return RESOURCE_ID.matcher(id).matches();
    }

    boolean isAbsoluteUrl(String url) {
        return ABSOLUTE_URL.matcher(url).matches();
    }

    private void walk(IBase element, BaseRuntimeElementCompositeDefinition<?> definition, String path, List<SubmissionIssue> issues) {
        checkElement(element, path, issues);
        for (BaseRuntimeChildDefinition child : definition.getChildren()) {
            List<IBase> values = child.getAccessor().getValues(element);
            if (values.isEmpty() && child.getMin() > 0) {
                issues.add(new SubmissionIssue("required", "%s is required (minimum cardinality %d)"
                        .formatted(child.getElementName(), child.getMin()), path + "." + child.getElementName()));
            }
            for (int i = 0; i < values.size(); i++) {
                IBase value = values.get(i);
                String childPath = path + "." + name(child, value) + (child.getMax() == 1 ? "" : "[" + i + "]");
                if (value instanceof IBaseResource contained) {
                    checkResource((Resource) contained, childPath, issues);
                    continue;
                }
                BaseRuntimeElementDefinition<?> childDefinition = child.getChildElementDefinitionByDatatype(value.getClass());
                if (childDefinition instanceof BaseRuntimeElementCompositeDefinition<?> composite) {
                    walk(value, composite, childPath, issues);
                }
            }
        }
    }

    private void checkElement(IBase element, String path, List<SubmissionIssue> issues) {
        if (element instanceof Reference reference && reference.hasReference()) {
            checkReference(reference.getReference(), path + ".reference", issues);
        } else if (element instanceof Period period && period.hasStart() && period.hasEnd()) {
            checkPeriodOrder(period.getStartElement(), period.getEndElement(), path, issues);
        }
    }

    /**
     * Invariant per-1, {@code start <= end}, with FHIRPath's comparison: values of different
     * precision that agree at the coarser one cannot be ordered, so the invariant does not hold.
     */
    private static void checkPeriodOrder(DateTimeType start, DateTimeType end, String path, List<SubmissionIssue> issues) {
        TemporalPrecisionEnum coarser = start.getPrecision().ordinal() <= end.getPrecision().ordinal()
                ? start.getPrecision() : end.getPrecision();
        boolean differentPrecision = start.getPrecision() != end.getPrecision() && coarser.ordinal() <= TemporalPrecisionEnum.DAY.ordinal();
        String startText = start.getValueAsString();
        String endText = end.getValueAsString();
        if (differentPrecision) {
            int length = switch (coarser) {
                case YEAR -> 4;
                case MONTH -> 7;
                default -> 10;
            };
            int order = startText.substring(0, length).compareTo(endText.substring(0, length));
            if (order >= 0) {
                issues.add(new SubmissionIssue("value", (order == 0
                        ? "Period.start and Period.end of different precision on the same %s cannot be ordered (%s, %s)".formatted(coarser.name().toLowerCase(), startText, endText)
                        : "Period.end must not be before Period.start (%s < %s)".formatted(endText, startText)), path));
            }
        } else if (end.getValue().before(start.getValue())) {
            issues.add(new SubmissionIssue("value", "Period.end must not be before Period.start (%s < %s)".formatted(endText, startText), path));
        }
    }

    private void checkReference(String reference, String path, List<SubmissionIssue> issues) {
        if (reference.startsWith("#") || ABSOLUTE_URL.matcher(reference).matches() && !reference.startsWith("http")) {
            return;
        }
        var literal = LITERAL_REFERENCE.matcher(reference);
        var conditional = CONDITIONAL_REFERENCE.matcher(reference);
        String type = literal.matches() ? literal.group("type") : conditional.matches() ? conditional.group("type") : null;
        if (type == null && ABSOLUTE_URL.matcher(reference).matches()) {
            return;
        }
        if (type == null || !RESOURCE_TYPE.matcher(type).matches() || !fhirContext.getResourceTypes().contains(type)) {
            issues.add(new SubmissionIssue("value", "Reference must be '#id', 'Type/id', an absolute URL, 'urn:uuid:', "
                    + "'urn:oid:' or a conditional 'Type?search' with a known resource type (%s)".formatted(abbreviate(reference)), path));
        }
    }

    private static String name(BaseRuntimeChildDefinition child, IBase value) {
        return child instanceof RuntimeChildChoiceDefinition choice
                ? choice.getChildNameByDatatype(value.getClass())
                : child.getElementName();
    }

    private static String abbreviate(String value) {
        return value.length() > 80 ? value.substring(0, 80) + "…" : value;
    }
}
