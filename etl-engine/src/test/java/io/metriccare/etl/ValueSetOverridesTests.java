package io.metriccare.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metriccare.etl.gold.kpi.KpiValueSets;
import io.metriccare.etl.gold.kpi.KpiValueSets.DispositionCodes;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValueSetOverridesTests {

  /** The service's platform value sets (tenant-admin), which its tenant settings show and its tenants' overrides replace. */
  private static final String SERVICE_DEFAULTS = "/io/metriccare/tenancy/settings/platform-value-sets.json";

  private static final DispositionCodes NO_DISPOSITIONS = new DispositionCodes(Set.of(), Set.of());
  private static final KpiValueSets EMPTY = new KpiValueSets(Set.of(), NO_DISPOSITIONS, NO_DISPOSITIONS, NO_DISPOSITIONS,
      Set.of(), Set.of(), Set.of(), List.of());

  @Test
  void servicePlatformDefaults_readAsOverridesOfNothing_areTheEnginesPlatformDefaults() throws Exception {
    JsonNode serviceDefaults;
    try (InputStream in = ValueSetOverridesTests.class.getResourceAsStream(SERVICE_DEFAULTS)) {
      assertThat(in).as(SERVICE_DEFAULTS + " on the test classpath (etl-engine/pom.xml testResources)").isNotNull();
      serviceDefaults = new ObjectMapper().readTree(in);
    }

    // over empty lists, a list the service file left out would stay empty and differ
    KpiValueSets read = ValueSetOverrides.merge(EMPTY, serviceDefaults, "platform-value-sets");

    assertThat(read).isEqualTo(KpiValueSets.platformDefaults());
  }
}
