package io.metriccare.etl.gold.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Readmission30dRuleTests {

  @Test
  void readmission_countsDay30_butNotDay31() {
    KpiRows kpis = new SilverFixture()
        .stay("E1", "P1", "2024-01-01", "2024-01-05")
        .stay("E2", "P1", "2024-02-04", "2024-02-06")
        .stay("E3", "P2", "2024-01-01", "2024-01-05")
        .stay("E4", "P2", "2024-02-05", "2024-02-07")
        .measures("2024-12-31");

    assertThat(kpis.counts("readmission_30d", "month", "2024-01-01")).containsExactly(1L, 2L, 0L);
  }

  @Test
  void readmission_treatsTransferAdmissionOnTheNextDayAsContinuation() {
    KpiRows kpis = new SilverFixture()
        .stay("E1", "P1", "2024-01-01", "2024-01-05")
        .encounter("E2", "P1", "IMP", SilverFixture.at("2024-01-06", "08:00"), SilverFixture.at("2024-01-09", "10:00"),
            SilverFixture.HL7_DISPOSITION, "home", "hosp-trans")
        .measures("2024-12-31");

    // Both stays are index stays of January; neither is readmitted.
    assertThat(kpis.counts("readmission_30d", "month", "2024-01-01")).containsExactly(0L, 2L, 0L);
  }

  @Test
  void readmission_neverCountsAnEmergencyVisit() {
    KpiRows kpis = new SilverFixture()
        .stay("E1", "P1", "2024-01-01", "2024-01-05")
        .encounter("E2", "P1", "EMER", SilverFixture.at("2024-01-10", "08:00"), SilverFixture.at("2024-01-10", "12:00"),
            null, null, null)
        .measures("2024-12-31");

    assertThat(kpis.counts("readmission_30d", "month", "2024-01-01")).containsExactly(0L, 1L, 0L);
  }

  @Test
  void readmission_reportsStaysWithAnIncompleteFollowUpWindowAsPending_evenWithoutIndexStays() {
    KpiRows kpis = new SilverFixture()
        .stay("E1", "P1", "2024-06-01", "2024-06-03")
        .stay("E2", "P2", "2024-07-01", "2024-07-05")
        .measures("2024-07-31");

    assertThat(kpis.counts("readmission_30d", "year", "2024-01-01")).containsExactly(0L, 1L, 1L);
    assertThat(kpis.counts("readmission_30d", "month", "2024-07-01")).containsExactly(0L, 0L, 1L);
  }
}
