package io.metriccare.etl.gold.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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

  /** §3: hospital day 3 for device and procedure types, day 4 for lab-identified C. difficile and MRSA. */
  @Test
  void hai_countsNonLabTypesFromDay3_andLabIdentifiedTypesFromDay4() {
    KpiRows kpis = new SilverFixture()
        .stay("E1", "P1", "2024-03-01", "2024-03-10")
        .condition("C1", "P1", "E1", ICD10 + "T83.511A", "2024-03-02")
        .condition("C2", "P1", "E1", SNOMED + "433202001", "2024-03-03")
        .condition("C3", "P1", "E1", ICD10 + "A41.02", "2024-03-03")
        .stay("E2", "P2", "2024-03-01", "2024-03-10")
        .condition("C4", "P2", "E2", ICD10 + "A04.71", "2024-03-04")
        .condition("C5", "P2", "E2", SNOMED + "266096002", "2024-03-04")
        .condition("C6", "P2", "E2", ICD10 + "T80.211A", "2024-03-02")
        .measures("2024-12-31");

    // Counted: SSI day 3 (C2), CDI day 4 (C4), MRSA day 4 (C5). Not: CAUTI day 2, MRSA day 3, CLABSI day 2.
    assertThat(kpis.counts("hai_rate", "month", "2024-03-01")).containsExactly(3L, 18L, 0L);
  }

  @Test
  void hai_countsOnsetOnTheDayAfterDischarge_butNotTwoDaysAfter() {
    KpiRows kpis = new SilverFixture()
        .stay("E1", "P1", "2024-03-01", "2024-03-05")
        .condition("C1", "P1", "E1", SNOMED + "68566005", "2024-03-06")
        .stay("E2", "P2", "2024-03-01", "2024-03-05")
        .condition("C2", "P2", "E2", SNOMED + "68566005", "2024-03-07")
        .measures("2024-12-31");

    assertThat(kpis.counts("hai_rate", "month", "2024-03-01")).containsExactly(1L, 8L, 0L);
  }

  @Test
  void haiByCode_countsTheNumeratorEventsPerCode_inTheDischargeMonth() {
    List<String> byCode = new SilverFixture()
        .stay("E1", "P1", "2024-03-25", "2024-04-10")
        .condition("C1", "P1", "E1", ICD10 + "T81.41XA", "2024-03-28")
        .condition("C2", "P1", "E1", ICD10 + "T81.49XA", "2024-04-02")
        .condition("C3", "P1", "E1", SNOMED + "68566005", "2024-03-28")
        .condition("C4", "P1", "E1", SNOMED + "68566005", "2024-03-26")
        .haiByCode("2024-12-31");

    // C2 is the same SSI type within 14 days of C1; C4 is on day 2 (present on admission).
    assertThat(byCode).filteredOn(line -> line.startsWith("month")).containsExactlyInAnyOrder(
        "month 2024-04-01 http://hl7.org/fhir/sid/icd-10-cm|T81.41XA = 1",
        "month 2024-04-01 http://snomed.info/sct|68566005 = 1");
  }
}
