package io.metriccare.tenancy.settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The code lists the KPI rules read. KPI-SPEC makes them configuration, "a value set per tenant with a
 * platform default": a tenant's list replaces the platform default list of the same name whole, and a list
 * it leaves unset (null here) keeps the default. Serialized, this is the format of one tenant's entry in the
 * run manifest's {@code valueSets} (etl-engine/README.md); {@link #read} holds the service's rules for it,
 * which accept nothing the engine refuses. The platform defaults are {@code platform-value-sets.json} beside
 * this class; an etl-engine test proves that they equal the engine's own.
 *
 * @param inpatientClasses             {@code Encounter.class} codes of a qualifying inpatient stay (§0)
 * @param expiredDispositions          {@code system|code} dispositions meaning the patient died (§0)
 * @param againstMedicalAdviceDispositions {@code system|code} dispositions meaning the patient left against advice (§0)
 * @param transferDispositions         {@code system|code} dispositions meaning a transfer to an acute hospital (§0)
 * @param excludedVerificationStatuses Condition verification statuses that never count (§0)
 * @param deathCodes                   {@code system|code} of a Condition or Observation recording death (§0)
 * @param continuationAdmitSources     admit sources marking a next stay as a transfer continuation (§2)
 * @param haiCodes                     the hospital-acquired infection value set (§3)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KpiValueSets(List<String> inpatientClasses, List<String> expiredDispositions,
                           List<String> againstMedicalAdviceDispositions, List<String> transferDispositions,
                           List<String> excludedVerificationStatuses, List<String> deathCodes,
                           List<String> continuationAdmitSources, List<HaiCode> haiCodes) {

    /** The value sets' names, as the settings and the run manifest spell them. */
    public static final List<String> NAMES = List.of("inpatientClasses", "expiredDispositions", "againstMedicalAdviceDispositions",
            "transferDispositions", "excludedVerificationStatuses", "deathCodes", "continuationAdmitSources", "haiCodes");

    /** No list set: every list is the platform default. */
    public static final KpiValueSets NONE = new KpiValueSets(null, null, null, null, null, null, null, null);

    static final String HL7_DISPOSITION = "http://terminology.hl7.org/CodeSystem/discharge-disposition";
    static final String NUBC_DISPOSITION = "http://www.nubc.org/patient-discharge";

    private static final String FIELD = "valueSets";
    private static final int MAX_ENTRIES = 1000;
    private static final int MAX_CODE_LENGTH = 256;
    private static final int SHOWN_LENGTH = 80;
    private static final List<String> HAI_CODE_FIELDS = List.of("system", "code", "type", "labIdentified", "prefix");
    private static final KpiValueSets PLATFORM_DEFAULTS = readPlatformDefaults();

    /**
     * One code of the §3 HAI value set.
     *
     * @param type          the HAI type events are de-duplicated by (one per patient, type and 14 days)
     * @param labIdentified lab-identified types count from hospital day 4 instead of 3
     * @param prefix        {@code code} is a prefix (ICD-10-CM {@code T81.4*})
     */
    public record HaiCode(String system, String code, String type, boolean labIdentified, boolean prefix) {
    }

    public KpiValueSets {
        inpatientClasses = copyOrNull(inpatientClasses);
        expiredDispositions = copyOrNull(expiredDispositions);
        againstMedicalAdviceDispositions = copyOrNull(againstMedicalAdviceDispositions);
        transferDispositions = copyOrNull(transferDispositions);
        excludedVerificationStatuses = copyOrNull(excludedVerificationStatuses);
        deathCodes = copyOrNull(deathCodes);
        continuationAdmitSources = copyOrNull(continuationAdmitSources);
        haiCodes = copyOrNull(haiCodes);
    }

    /** KPI-SPEC's lists, every one set. */
    public static KpiValueSets platformDefaults() {
        return PLATFORM_DEFAULTS;
    }

    /**
     * The value sets a settings request or a stored row gives: an object whose members are named value sets,
     * each a list; null, JSON null or {@code {}} set none.
     *
     * @throws InvalidTenantSettingsException naming the offending field, for anything else
     */
    public static KpiValueSets read(JsonNode valueSets) {
        if (valueSets == null || valueSets.isNull()) {
            return NONE;
        }
        if (!valueSets.isObject()) {
            throw new InvalidTenantSettingsException("%s must be an object of value-set lists (%s)".formatted(FIELD, shown(valueSets)));
        }
        valueSets.propertyNames().stream().filter(name -> !NAMES.contains(name)).findFirst().ifPresent(name -> {
            throw new InvalidTenantSettingsException("unknown value set, the value sets are %s (%s.%s)".formatted(
                    String.join(", ", NAMES), FIELD, shown(name)));
        });
        return new KpiValueSets(
                list(valueSets, "inpatientClasses", KpiValueSets::code),
                list(valueSets, "expiredDispositions", KpiValueSets::disposition),
                list(valueSets, "againstMedicalAdviceDispositions", KpiValueSets::disposition),
                list(valueSets, "transferDispositions", KpiValueSets::disposition),
                list(valueSets, "excludedVerificationStatuses", KpiValueSets::code),
                list(valueSets, "deathCodes", KpiValueSets::systemAndCode),
                list(valueSets, "continuationAdmitSources", KpiValueSets::code),
                list(valueSets, "haiCodes", KpiValueSets::haiCode));
    }

    /** These lists, each unset one taken from {@code defaults}. */
    public KpiValueSets over(KpiValueSets defaults) {
        return new KpiValueSets(
                Objects.requireNonNullElse(inpatientClasses, defaults.inpatientClasses),
                Objects.requireNonNullElse(expiredDispositions, defaults.expiredDispositions),
                Objects.requireNonNullElse(againstMedicalAdviceDispositions, defaults.againstMedicalAdviceDispositions),
                Objects.requireNonNullElse(transferDispositions, defaults.transferDispositions),
                Objects.requireNonNullElse(excludedVerificationStatuses, defaults.excludedVerificationStatuses),
                Objects.requireNonNullElse(deathCodes, defaults.deathCodes),
                Objects.requireNonNullElse(continuationAdmitSources, defaults.continuationAdmitSources),
                Objects.requireNonNullElse(haiCodes, defaults.haiCodes));
    }

    /** The names of the lists not set, in {@link #NAMES} order. */
    public List<String> unset() {
        List<List<?>> lists = Arrays.asList(inpatientClasses, expiredDispositions, againstMedicalAdviceDispositions,
                transferDispositions, excludedVerificationStatuses, deathCodes, continuationAdmitSources, haiCodes);
        return IntStream.range(0, NAMES.size()).filter(i -> lists.get(i) == null).mapToObj(NAMES::get).toList();
    }

    /** The list named {@code name}, each entry read by {@code entry} (given the entry and its field name); null when unset. */
    private static <T> List<T> list(JsonNode valueSets, String name, BiFunction<JsonNode, String, T> entry) {
        JsonNode list = valueSets.get(name);
        String field = FIELD + "." + name;
        if (list == null || list.isNull()) {
            return null;
        }
        if (!list.isArray()) {
            throw new InvalidTenantSettingsException("value set is not a list (%s)".formatted(field));
        }
        if (list.size() > MAX_ENTRIES) {
            throw new InvalidTenantSettingsException("value set has more than %d entries (%s)".formatted(MAX_ENTRIES, field));
        }
        List<T> entries = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            entries.add(entry.apply(list.get(i), "%s[%d]".formatted(field, i)));
        }
        return entries;
    }

    private static String code(JsonNode entry, String field) {
        if (!isCode(entry)) {
            throw new InvalidTenantSettingsException("%s must be a code: a string of 1 to %d characters, no spaces at either end (%s)"
                    .formatted(field, MAX_CODE_LENGTH, shown(entry)));
        }
        return entry.stringValue();
    }

    private static String systemAndCode(JsonNode entry, String field) {
        if (!entry.isString() || systemOf(entry.stringValue()).isEmpty() || !isCode(codeOf(entry.stringValue()))) {
            throw new InvalidTenantSettingsException("%s must be system|code, e.g. http://snomed.info/sct|419620001 (%s)"
                    .formatted(field, shown(entry)));
        }
        return entry.stringValue();
    }

    /** KPI-SPEC §0: dispositions are coded in HL7's discharge-disposition system or as NUBC patient status. */
    private static String disposition(JsonNode entry, String field) {
        String system = entry.isString() ? systemOf(entry.stringValue()) : "";
        if (!(system.equals(HL7_DISPOSITION) || system.equals(NUBC_DISPOSITION)) || !isCode(codeOf(entry.stringValue()))) {
            throw new InvalidTenantSettingsException("%s must be system|code with system %s or %s (%s)"
                    .formatted(field, HL7_DISPOSITION, NUBC_DISPOSITION, shown(entry)));
        }
        return entry.stringValue();
    }

    private static HaiCode haiCode(JsonNode entry, String field) {
        if (!entry.isObject()) {
            throw new InvalidTenantSettingsException("%s must be an object with system, code and type, and optionally labIdentified and prefix (%s)"
                    .formatted(field, shown(entry)));
        }
        entry.propertyNames().stream().filter(name -> !HAI_CODE_FIELDS.contains(name)).findFirst().ifPresent(name -> {
            throw new InvalidTenantSettingsException("unknown field of an HAI code, the fields are %s (%s.%s)".formatted(
                    String.join(", ", HAI_CODE_FIELDS), field, shown(name)));
        });
        for (String required : List.of("system", "code", "type")) {
            JsonNode value = entry.path(required);
            if (!isCode(value)) {
                throw new InvalidTenantSettingsException("%s.%s must be a code: a string of 1 to %d characters, no spaces at either end (%s)"
                        .formatted(field, required, MAX_CODE_LENGTH, value.isMissingNode() ? "missing" : shown(value)));
            }
        }
        return new HaiCode(entry.get("system").stringValue(), entry.get("code").stringValue(), entry.get("type").stringValue(),
                flag(entry, "labIdentified", field), flag(entry, "prefix", field));
    }

    private static boolean flag(JsonNode haiCode, String name, String field) {
        JsonNode value = haiCode.path(name);
        if (value.isMissingNode()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new InvalidTenantSettingsException("%s.%s must be true or false (%s)".formatted(field, name, shown(value)));
        }
        return value.booleanValue();
    }

    private static boolean isCode(JsonNode value) {
        return value.isString() && isCode(value.stringValue());
    }

    private static boolean isCode(String value) {
        return !value.isEmpty() && value.length() <= MAX_CODE_LENGTH && value.strip().equals(value);
    }

    /** As the engine splits {@code system|code}: at the last bar; no bar, no system. */
    private static String systemOf(String systemAndCode) {
        int bar = systemAndCode.lastIndexOf('|');
        return bar < 0 ? "" : systemAndCode.substring(0, bar);
    }

    private static String codeOf(String systemAndCode) {
        return systemAndCode.substring(systemAndCode.lastIndexOf('|') + 1);
    }

    private static String shown(JsonNode value) {
        return shown(value.isString() ? value.stringValue() : value.toString());
    }

    private static String shown(String value) {
        return value.length() > SHOWN_LENGTH ? value.substring(0, SHOWN_LENGTH) + "…" : value;
    }

    private static <T> List<T> copyOrNull(List<T> list) {
        return list == null ? null : List.copyOf(list);
    }

    private static KpiValueSets readPlatformDefaults() {
        try (InputStream in = KpiValueSets.class.getResourceAsStream("platform-value-sets.json")) {
            KpiValueSets defaults = read(JsonMapper.shared().readTree(Objects.requireNonNull(in, "platform-value-sets.json")));
            if (!defaults.unset().isEmpty()) {
                throw new IllegalStateException("Cannot read the platform value sets: lists missing " + defaults.unset());
            }
            return defaults;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the platform value sets: " + e.getMessage(), e);
        }
    }
}
