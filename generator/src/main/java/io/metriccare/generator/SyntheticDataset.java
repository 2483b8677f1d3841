package io.metriccare.generator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the bundles of every tenant, one bundle per {@code patientsPerBundle} patients, then the
 * ground truth and a manifest fragment. Only one patient is in memory at a time.
 */
public final class SyntheticDataset {

  /** Hospital n of a tenant gets zone n mod 3: offsets +01:00/+02:00, −05:00/−04:00 and 0. */
  private static final List<ZoneId> ZONES =
      List.of(ZoneId.of("Europe/Berlin"), ZoneId.of("America/New_York"), ZoneId.of("UTC"));
  private static final List<String> STATES = List.of("MA", "NY", "CA", "TX", "FL", "IL", "WA", "GA", "OH", "CO");

  /** What was written: counts for the log and the bytes of bundles, for throughput. */
  public record Written(long patients, long encounters, long conditions, int bundles, long bundleBytes) {}

  private SyntheticDataset() {}

  static Written generate(GeneratorSettings settings) throws IOException {
    ExpectedKpis expected = new ExpectedKpis(settings.dataThroughDate());
    Map<String, Map<String, String>> timeZones = new LinkedHashMap<>();
    Map<String, String> dataThrough = new LinkedHashMap<>();
    List<Map<String, String>> inputs = new ArrayList<>();
    long encounters = 0;
    long conditions = 0;
    int bundles = 0;
    long bytes = 0;
    for (int tenant = 1; tenant <= settings.tenants(); tenant++) {
      String tenantId = settings.tenantId(tenant);
      List<SyntheticHospital> hospitals = hospitals(settings, tenant);
      Map<String, String> zones = new LinkedHashMap<>();
      hospitals.forEach(hospital -> zones.put(hospital.id(), hospital.zone().getId()));
      timeZones.put(tenantId, zones);
      dataThrough.put(tenantId, settings.dataThroughDate().toString());
      PatientSimulator simulator = new PatientSimulator(settings, hospitals, tenant);
      for (int first = 1; first <= settings.patients(); first += settings.patientsPerBundle()) {
        bundles++;
        String objectKey = "raw/tenant=" + tenantId + "/dt=" + settings.dataThroughDate()
            + String.format("/bundle-%05d.json", bundles);
        Path path = settings.out().resolve(objectKey);
        try (BundleWriter bundle = new BundleWriter(path)) {
          if (first == 1) {
            for (SyntheticHospital hospital : hospitals) {
              bundle.hospital(hospital);
            }
          }
          int last = Math.min(settings.patients(), first + settings.patientsPerBundle() - 1);
          for (int patientNumber = first; patientNumber <= last; patientNumber++) {
            SyntheticPatient patient = simulator.simulate(patientNumber);
            bundle.patient(patient);
            expected.add(patient);
            encounters += patient.encounters().size();
            conditions += patient.conditions().size();
          }
        }
        bytes += Files.size(path);
        inputs.add(Map.of("ingestionId", String.format("generated-%05d", bundles), "tenantId", tenantId,
            "objectKey", objectKey, "receivedAt", settings.dataThroughDate().plusDays(1) + "T00:00:00Z"));
      }
    }
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("seed", settings.seed());
    header.put("from", settings.from().toString());
    header.put("to", settings.to().toString());
    header.put("dataThroughDates", dataThrough);
    header.put("hospitalTimeZones", timeZones);
    expected.write(settings.out().resolve("expected-kpis.json"), header);
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("tenants", List.copyOf(dataThrough.keySet()));
    manifest.put("dataThroughDates", dataThrough);
    manifest.put("hospitalTimeZones", timeZones);
    manifest.put("inputs", inputs);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(settings.out().resolve("manifest-fragment.json").toFile(), manifest);
    return new Written((long) settings.tenants() * settings.patients(), encounters, conditions, bundles, bytes);
  }

  private static List<SyntheticHospital> hospitals(GeneratorSettings settings, int tenant) {
    List<SyntheticHospital> hospitals = new ArrayList<>();
    for (int n = 1; n <= settings.hospitals(); n++) {
      String state = STATES.get((tenant + n) % STATES.size());
      hospitals.add(new SyntheticHospital(settings.tenantId(tenant), "org-" + n,
          "Hospital " + n + " of " + settings.tenantId(tenant),
          String.format("%02d%04d", 10 + (tenant + n) % 89, n), state, ZONES.get((n - 1) % ZONES.size()),
          "pr-" + n));
    }
    return hospitals;
  }
}
