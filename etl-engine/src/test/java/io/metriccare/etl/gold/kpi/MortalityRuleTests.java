package io.metriccare.etl.gold.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class MortalityRuleTests {

  @Test
  void mortality_excludesUnpaddedNubcTransfers_andCountsEachWayOfRecordingDeath() {
    KpiRows kpis = new SilverFixture()
        .stay("E1", "P1", "2024-05-01", "2024-05-03")
        .encounter("E2", "P2", "IMP", SilverFixture.at("2024-05-01", "09:00"), SilverFixture.at("2024-05-04", "09:00"),
            SilverFixture.NUBC_DISPOSITION, "2", null)
        .encounter("E3", "P3", "IMP", SilverFixture.at("2024-05-01", "09:00"), SilverFixture.at("2024-05-04", "09:00"),
            SilverFixture.NUBC_DISPOSITION, "20", null)
        .stay("E4", "P4", "2024-05-01", "2024-05-06")
        .deceased("P4", SilverFixture.at("2024-05-06", "08:00"))
        .stay("E5", "P5", "2024-05-01", "2024-05-07")
        .condition("C5", "P5", "E5", "http://snomed.info/sct|419620001", "2024-05-07")
        .measures("2024-12-31");

    assertThat(kpis.counts("mortality", "month", "2024-05-01")).containsExactly(3L, 4L, 0L);
    assertThat(kpis.counts("readmission_30d", "month", "2024-05-01")).containsExactly(0L, 1L, 0L);
  }

  @Test
  void mortality_excludesOtherHcf_onlyWhenTheTenantMapsItToTransfer() {
    SilverFixture fixture = new SilverFixture()
        .stay("E1", "P1", "2024-05-01", "2024-05-03")
        .encounter("E2", "P2", "IMP", SilverFixture.at("2024-05-01", "09:00"), SilverFixture.at("2024-05-04", "09:00"),
            SilverFixture.HL7_DISPOSITION, "other-hcf", null);
    KpiValueSets defaults = KpiValueSets.platformDefaults();
    KpiValueSets otherHcfIsTransfer = new KpiValueSets(defaults.inpatientClasses(), defaults.expired(),
        defaults.againstMedicalAdvice(),
        new KpiValueSets.DispositionCodes(Set.of("hosp", "other-hcf"), defaults.transferToAcute().nubc()),
        defaults.excludedVerificationStatuses(), defaults.deathCodes(), defaults.continuationAdmitSources(),
        defaults.hai());

    assertThat(fixture.measures("2024-12-31").counts("mortality", "month", "2024-05-01"))
        .containsExactly(0L, 2L, 0L);
    assertThat(fixture.measures("2024-12-31", otherHcfIsTransfer).counts("mortality", "month", "2024-05-01"))
        .containsExactly(0L, 1L, 0L);
  }
}
