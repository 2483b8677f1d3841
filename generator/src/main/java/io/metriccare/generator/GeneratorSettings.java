package io.metriccare.generator;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * What one generator run produces.
 *
 * @param patients patients per tenant
 * @param patientsPerBundle patients (with all their resources) per transaction bundle
 * @param tenantPrefix tenant ids are {@code tenantPrefix + n}, n from 1
 */
public record GeneratorSettings(
    Path out,
    int tenants,
    int hospitals,
    int patients,
    LocalDate from,
    LocalDate to,
    long seed,
    int patientsPerBundle,
    String tenantPrefix) {

  public GeneratorSettings {
    if (tenants < 1 || hospitals < 2 || patients < 1 || patientsPerBundle < 1) {
      throw new IllegalArgumentException("Cannot generate: need tenants >= 1, hospitals >= 2, patients >= 1 ("
          + tenants + ", " + hospitals + ", " + patients + ")");
    }
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("Cannot generate: --to is before --from (" + from + " > " + to + ")");
    }
  }

  public String tenantId(int tenantNumber) {
    return tenantPrefix + tenantNumber;
  }

  /** KPI-SPEC §2 data-through date D of every generated tenant: no stay is finished after it. */
  public LocalDate dataThroughDate() {
    return to;
  }
}
