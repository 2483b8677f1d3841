package io.metriccare.etl.gold.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HospitalAcquiredInfectionRuleTests {

  private static final String SNOMED = "http://snomed.info/sct|";
  private static final String ICD10 = "http://hl7.org/fhir/sid/icd-10-cm|";

  /** KPI-SPEC §3 example: UTI on day 2 and CDI on day 3 are not counted, CLABSI on 03-06 is. */
  @Test
  void hai_countsOnlyHospitalOnsetEvents_asInTheSpecExample() {
    KpiRows kpis = new SilverFixture()
        .stay("E1", "P1", "2024-03-01", "2024-03-10")
        .condition("C1", "P1", "E1", SNOMED + "68566005", "2024-03-02")
        .condition("C2", "P1", "E1", SNOMED + "186431008", "2024-03-03")
        .condition("C3", "P1", "E1", ICD10 + "T80.211A", "2024-03-06")
        .measures("2024-12-31");

    assertThat(kpis.counts("hai_rate", "month", "2024-03-01")).containsExactly(1L, 9L, 0L);
  }

  @Test
  void hai_countsOneEventPerPatientAndTypeWithin14Days() {
    KpiRows kpis = new SilverFixture()
        .stay("E1", "P1", "2024-03-01", "2024-04-15")
        .condition("C1", "P1", "E1", ICD10 + "T81.41XA", "2024-03-05")
        .condition("C2", "P1", "E1", ICD10 + "T81.49XA", "2024-03-12")
        .condition("C3", "P1", "E1", ICD10 + "T81.41XA", "2024-03-19")
        .condition("C4", "P1", "E1", SNOMED + "68566005", "2024-03-12")
        .measures("2024-12-31");

    assertThat(kpis.counts("hai_rate", "month", "2024-04-01")).containsExactly(3L, 14L, 0L);
  }

  @Test
  void hai_linksAConditionWithoutEncounterByOnsetInsideTheStay() {
    KpiRows kpis = new SilverFixture()
        .stay("E1", "P1", "2024-03-01", "2024-03-10")
        .condition("C1", "P1", null, ICD10 + "T83.511A", "2024-03-05")
        .condition("C2", "P1", null, ICD10 + "T83.511A", "2024-05-05")
        .measures("2024-12-31");

    assertThat(kpis.counts("hai_rate", "month", "2024-03-01")).containsExactly(1L, 9L, 0L);
  }
}
