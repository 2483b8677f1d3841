package io.metriccare.generator;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * Synthetic FHIR R4 data with ground truth:
 * {@code GeneratorMain --out <dir> --tenants N --hospitals H --patients P --from 2024-01-01
 * --to 2024-12-31 --seed S [--patients-per-bundle 500] [--tenant-prefix tenant-]}. Writes
 * {@code raw/tenant=<t>/dt=<to>/bundle-NNNNN.json}, {@code expected-kpis.json} and
 * {@code manifest-fragment.json} under {@code --out}; the same arguments give the same bytes.
 */
public final class GeneratorMain {

  private GeneratorMain() {}

  public static void main(String[] args) throws Exception {
    GeneratorSettings settings = parse(args);
    long start = System.nanoTime();
    SyntheticDataset.Written written = generate(settings);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("Wrote %d patients, %d encounters, %d conditions in %d bundles (%.1f MB) in %.1f s:"
            + " %.0f patients/s, %.1f MB/s%n",
        written.patients(), written.encounters(), written.conditions(), written.bundles(),
        written.bundleBytes() / 1e6, seconds, written.patients() / seconds, written.bundleBytes() / 1e6 / seconds);
  }

  public static SyntheticDataset.Written generate(GeneratorSettings settings) throws IOException {
    return SyntheticDataset.generate(settings);
  }

  static GeneratorSettings parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("Cannot start generator: expected --name value pairs (" + String.join(" ", args) + ")");
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    return new GeneratorSettings(
        Path.of(required(options, "out")),
        Integer.parseInt(options.getOrDefault("tenants", "1")),
        Integer.parseInt(options.getOrDefault("hospitals", "3")),
        Integer.parseInt(required(options, "patients")),
        LocalDate.parse(options.getOrDefault("from", "2024-01-01")),
        LocalDate.parse(options.getOrDefault("to", "2024-12-31")),
        Long.parseLong(options.getOrDefault("seed", "1")),
        Integer.parseInt(options.getOrDefault("patients-per-bundle", "500")),
        options.getOrDefault("tenant-prefix", "tenant-"));
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("Cannot start generator: missing --" + name);
    }
    return value;
  }
}
