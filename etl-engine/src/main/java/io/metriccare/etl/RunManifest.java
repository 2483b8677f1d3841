package io.metriccare.etl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metriccare.etl.lake.EngineProfile;
import java.io.IOException;
import java.io.InputStream;
import io.metriccare.etl.gold.kpi.KpiValueSets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What one run does, as written by the api-service launcher. Parsed field by field so that a bad
 * manifest fails with a message naming the field instead of a Jackson binding trace.
 *
 * @param tenants tenants whose Silver and Gold the run recomputes
 * @param dataThroughDates per-tenant override of the KPI-SPEC §2 data-through date D
 * @param hospitalTimeZones per tenant, hospital (Organization id) → IANA time zone; unlisted hospitals use UTC
 * @param valueSets per-tenant KPI value sets, already merged over {@link KpiValueSets#platformDefaults()}
 * @param purgeTenants tenants whose partitions the run deletes from every lake table before anything else;
 *     a purged tenant can be neither recomputed nor given inputs in the same run
 * @param glueDatabase the AWS Glue Data Catalog database the aws profile syncs every table to
 * @param lineageDeltaTenants recomputed tenants whose served lineage is the lake's as of the start of the
 *     run (their last run published): their {@code kpi_lineage} output carries only what the run
 *     replaced. Every other tenant's output carries its whole lineage.
 */
public record RunManifest(
    String runId,
    EngineProfile profile,
    Optional<String> sparkMaster,
    String lakeRoot,
    String outputLocation,
    List<String> tenants,
    Map<String, LocalDate> dataThroughDates,
    List<Input> inputs,
    Map<String, Map<String, String>> hospitalTimeZones,
    Map<String, KpiValueSets> valueSets,
    List<String> purgeTenants,
    String glueDatabase,
    Set<String> lineageDeltaTenants) {

  public static final String DEFAULT_GLUE_DATABASE = "metriccare";

  // Tenant ids end up in lake paths and filters; anything else is rejected before Spark sees it.
  private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
  // Glue stores database names in lower case; Athena needs no quoting for these characters.
  private static final Pattern GLUE_DATABASE = Pattern.compile("[a-z0-9_]{1,255}");

  /**
   * One raw object to load: {@code lakeRoot + "/" + objectKey}, a FHIR Bundle, maybe gzip. The key
   * must lie in its tenant's raw partition: a {@code tenant=<tenantId>} segment, no other tenant's,
   * and no {@code ..}, so that no input can make the run read another tenant's data.
   */
  public record Input(String ingestionId, String tenantId, String objectKey, Instant receivedAt) {

    public Input {
      requireTenantId(tenantId);
      List<String> segments = List.of(objectKey.split("/", -1));
      boolean inTenantPartition = segments.contains("tenant=" + tenantId)
          && segments.stream().filter(segment -> segment.startsWith("tenant=")).allMatch(("tenant=" + tenantId)::equals);
      if (objectKey.startsWith("/") || objectKey.contains(":") || segments.contains("..") || !inTenantPartition) {
        throw new IllegalArgumentException(
            "Cannot read manifest: objectKey is not in the raw partition of tenant " + tenantId + " (" + objectKey + ")");
      }
    }
  }

  public RunManifest {
    tenants = List.copyOf(tenants);
    dataThroughDates = Map.copyOf(dataThroughDates);
    inputs = List.copyOf(inputs);
    hospitalTimeZones = Map.copyOf(hospitalTimeZones);
    valueSets = Map.copyOf(valueSets);
    purgeTenants = List.copyOf(purgeTenants);
    lineageDeltaTenants = Set.copyOf(lineageDeltaTenants);
    for (String tenant : tenants) {
      requireTenantId(tenant);
    }
    for (String tenant : purgeTenants) {
      requireTenantId(tenant);
    }
    Set<String> recomputed = new LinkedHashSet<>(tenants);
    inputs.forEach(input -> recomputed.add(input.tenantId()));
    Set<String> purgedAndRecomputed = new LinkedHashSet<>(recomputed);
    purgedAndRecomputed.retainAll(purgeTenants);
    if (!purgedAndRecomputed.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot read manifest: tenants are both purged and recomputed (" + purgedAndRecomputed + ")");
    }
    Set<String> notRecomputed = new LinkedHashSet<>(lineageDeltaTenants);
    notRecomputed.removeAll(recomputed);
    if (!notRecomputed.isEmpty()) {
      throw new IllegalArgumentException("Cannot read manifest: lineageDeltaTenants are not recomputed (" + notRecomputed + ")");
    }
    if (!GLUE_DATABASE.matcher(glueDatabase).matches()) {
      throw new IllegalArgumentException("Cannot read manifest: glueDatabase is not a Glue database name (" + glueDatabase + ")");
    }
  }

  /** A manifest without hospital time zones, value-set overrides (UTC and platform defaults) or purges. */
  public RunManifest(String runId, EngineProfile profile, Optional<String> sparkMaster, String lakeRoot,
      String outputLocation, List<String> tenants, Map<String, LocalDate> dataThroughDates, List<Input> inputs) {
    this(runId, profile, sparkMaster, lakeRoot, outputLocation, tenants, dataThroughDates, inputs, Map.of(), Map.of(),
        List.of());
  }

  /** A manifest syncing to the default Glue database, with every tenant's whole lineage in the output. */
  public RunManifest(String runId, EngineProfile profile, Optional<String> sparkMaster, String lakeRoot,
      String outputLocation, List<String> tenants, Map<String, LocalDate> dataThroughDates, List<Input> inputs,
      Map<String, Map<String, String>> hospitalTimeZones, Map<String, KpiValueSets> valueSets, List<String> purgeTenants) {
    this(runId, profile, sparkMaster, lakeRoot, outputLocation, tenants, dataThroughDates, inputs, hospitalTimeZones,
        valueSets, purgeTenants, DEFAULT_GLUE_DATABASE, Set.of());
  }

  /** Listed tenants plus every tenant that has an input, in first-seen order. */
  public Set<String> recomputedTenants() {
    Set<String> all = new LinkedHashSet<>(tenants);
    inputs.forEach(input -> all.add(input.tenantId()));
    return all;
  }

  public static RunManifest read(String location, Configuration hadoopConf) throws IOException {
    Path path = new Path(location);
    FileSystem fs = path.getFileSystem(hadoopConf);
    try (InputStream in = fs.open(path)) {
      return parse(new ObjectMapper().readTree(in));
    }
  }

  static RunManifest parse(JsonNode json) {
    List<String> tenants = new ArrayList<>();
    json.path("tenants").forEach(tenant -> tenants.add(tenant.asText()));
    List<String> purgeTenants = new ArrayList<>();
    json.path("purgeTenants").forEach(tenant -> purgeTenants.add(tenant.asText()));
    Set<String> lineageDeltaTenants = new LinkedHashSet<>();
    json.path("lineageDeltaTenants").forEach(tenant -> lineageDeltaTenants.add(tenant.asText()));
    Map<String, LocalDate> dataThrough = new TreeMap<>();
    json.path("dataThroughDates").fields().forEachRemaining(
        entry -> dataThrough.put(entry.getKey(), date("dataThroughDates." + entry.getKey(), entry.getValue().asText())));
    List<Input> inputs = new ArrayList<>();
    for (JsonNode input : json.path("inputs")) {
      inputs.add(new Input(
          required(input, "ingestionId"),
          required(input, "tenantId"),
          required(input, "objectKey"),
          instant(required(input, "receivedAt"))));
    }
    return new RunManifest(
        required(json, "runId"),
        EngineProfile.fromName(json.path("profile").asText(EngineProfile.LOCAL.manifestName())),
        Optional.ofNullable(json.path("sparkMaster").textValue()),
        required(json, "lakeRoot"),
        required(json, "outputLocation"),
        tenants,
        dataThrough,
        inputs,
        hospitalTimeZones(json.path("hospitalTimeZones")),
        ValueSetOverrides.parse(json.path("valueSets")),
        purgeTenants,
        json.path("glueDatabase").asText(DEFAULT_GLUE_DATABASE),
        lineageDeltaTenants);
  }

  private static Map<String, Map<String, String>> hospitalTimeZones(JsonNode json) {
    Map<String, Map<String, String>> zones = new TreeMap<>();
    json.fields().forEachRemaining(tenant -> {
      requireTenantId(tenant.getKey());
      Map<String, String> hospitals = new TreeMap<>();
      tenant.getValue().fields().forEachRemaining(hospital -> hospitals.put(hospital.getKey(),
          zoneId("hospitalTimeZones." + tenant.getKey() + "." + hospital.getKey(), hospital.getValue().asText())));
      zones.put(tenant.getKey(), hospitals);
    });
    return zones;
  }

  private static String zoneId(String field, String value) {
    try {
      return ZoneId.of(value).getId();
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("Cannot read manifest: " + field + " is not a time zone id (" + value + ")", e);
    }
  }

  private static String required(JsonNode node, String field) {
    String value = node.path(field).textValue();
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Cannot read manifest: missing field (" + field + ")");
    }
    return value;
  }

  static void requireTenantId(String tenantId) {
    if (!TENANT_ID.matcher(tenantId).matches()) {
      throw new IllegalArgumentException("Cannot read manifest: invalid tenant id (" + tenantId + ")");
    }
  }

  private static LocalDate date(String field, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("Cannot read manifest: " + field + " is not a yyyy-MM-dd date (" + value + ")", e);
    }
  }

  private static Instant instant(String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("Cannot read manifest: receivedAt is not an ISO instant (" + value + ")", e);
    }
  }
}
