package io.metriccare.etl;

import com.fasterxml.jackson.databind.JsonNode;
import io.metriccare.etl.gold.kpi.KpiValueSets;
import io.metriccare.etl.gold.kpi.KpiValueSets.DispositionCodes;
import io.metriccare.etl.gold.kpi.KpiValueSets.HaiCode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The manifest's {@code valueSets}: per tenant, lists that replace the platform default list of the
 * same name (KPI-SPEC: "a value set per tenant with a platform default"). A list not named keeps
 * its default; naming a list replaces it whole, it is not appended to.
 */
final class ValueSetOverrides {

  static final String HL7_DISPOSITION = "http://terminology.hl7.org/CodeSystem/discharge-disposition";
  static final String NUBC_DISPOSITION = "http://www.nubc.org/patient-discharge";

  private static final Set<String> KEYS = Set.of(
      "inpatientClasses", "expiredDispositions", "againstMedicalAdviceDispositions", "transferDispositions",
      "excludedVerificationStatuses", "deathCodes", "continuationAdmitSources", "haiCodes");

  private ValueSetOverrides() {}

  /** @return tenant → value sets merged over {@link KpiValueSets#platformDefaults()} */
  static Map<String, KpiValueSets> parse(JsonNode valueSets) {
    Map<String, KpiValueSets> merged = new TreeMap<>();
    valueSets.fields().forEachRemaining(tenant -> {
      RunManifest.requireTenantId(tenant.getKey());
      merged.put(tenant.getKey(), merge(KpiValueSets.platformDefaults(), tenant.getValue(), "valueSets." + tenant.getKey()));
    });
    return merged;
  }

  static KpiValueSets merge(KpiValueSets defaults, JsonNode overrides, String field) {
    overrides.fieldNames().forEachRemaining(key -> {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException("Cannot read manifest: unknown value set (" + field + "." + key + ")");
      }
    });
    return new KpiValueSets(
        strings(overrides, "inpatientClasses", field, defaults.inpatientClasses()),
        dispositions(overrides, "expiredDispositions", field, defaults.expired()),
        dispositions(overrides, "againstMedicalAdviceDispositions", field, defaults.againstMedicalAdvice()),
        dispositions(overrides, "transferDispositions", field, defaults.transferToAcute()),
        strings(overrides, "excludedVerificationStatuses", field, defaults.excludedVerificationStatuses()),
        strings(overrides, "deathCodes", field, defaults.deathCodes()),
        strings(overrides, "continuationAdmitSources", field, defaults.continuationAdmitSources()),
        haiCodes(overrides, field, defaults.hai()));
  }

  private static Set<String> strings(JsonNode overrides, String key, String field, Set<String> defaults) {
    if (!overrides.has(key)) {
      return defaults;
    }
    JsonNode list = overrides.get(key);
    if (!list.isArray()) {
      throw new IllegalArgumentException("Cannot read manifest: value set is not a list (" + field + "." + key + ")");
    }
    Set<String> values = new LinkedHashSet<>();
    list.forEach(value -> values.add(value.asText()));
    return Set.copyOf(values);
  }

  /** Entries are {@code system|code}, system the HL7 discharge-disposition or the NUBC patient-status system. */
  private static DispositionCodes dispositions(JsonNode overrides, String key, String field, DispositionCodes defaults) {
    if (!overrides.has(key)) {
      return defaults;
    }
    Set<String> hl7 = new LinkedHashSet<>();
    Set<String> nubc = new LinkedHashSet<>();
    for (String entry : strings(overrides, key, field, Set.of())) {
      int bar = entry.lastIndexOf('|');
      String system = bar < 0 ? "" : entry.substring(0, bar);
      String code = entry.substring(bar + 1);
      if (system.equals(HL7_DISPOSITION)) {
        hl7.add(code);
      } else if (system.equals(NUBC_DISPOSITION)) {
        nubc.add(code.length() == 1 ? "0" + code : code);
      } else {
        throw new IllegalArgumentException(
            "Cannot read manifest: " + field + "." + key + " needs HL7 or NUBC system|code (" + entry + ")");
      }
    }
    return new DispositionCodes(Set.copyOf(hl7), Set.copyOf(nubc));
  }

  /** Entries are {@code {"system", "code", "type", "labIdentified"?, "prefix"?}}. */
  private static List<HaiCode> haiCodes(JsonNode overrides, String field, List<HaiCode> defaults) {
    if (!overrides.has("haiCodes")) {
      return defaults;
    }
    List<HaiCode> codes = new ArrayList<>();
    for (JsonNode code : overrides.get("haiCodes")) {
      String system = code.path("system").asText("");
      String value = code.path("code").asText("");
      String type = code.path("type").asText("");
      if (system.isBlank() || value.isBlank() || type.isBlank()) {
        throw new IllegalArgumentException(
            "Cannot read manifest: " + field + ".haiCodes entries need system, code and type (" + code + ")");
      }
      codes.add(new HaiCode(system, value, code.path("prefix").asBoolean(false), type,
          code.path("labIdentified").asBoolean(false)));
    }
    return List.copyOf(codes);
  }
}
