package io.metriccare.etl.gold.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LengthOfStayRuleTests {

  /** KPI-SPEC §4 example: 01-01→01-04 = 3; same-day 01-10 = 1; 01-20 23:00→01-22 01:00 = 2. */
  @Test
  void alos_countsASameDayStayAsOneDay_asInTheSpecExample() {
    KpiRows kpis = new SilverFixture()
        .stay("E1", "P1", "2024-01-01", "2024-01-04")
        .stay("E2", "P2", "2024-01-10", "2024-01-10")
        .encounter("E3", "P3", "IMP", SilverFixture.at("2024-01-20", "23:00"), SilverFixture.at("2024-01-22", "01:00"),
            SilverFixture.HL7_DISPOSITION, "home", null)
        .measures("2024-12-31");

    assertThat(kpis.counts("alos", "month", "2024-01-01")).containsExactly(6L, 3L, 0L);
    assertThat(kpis.counts("hai_rate", "month", "2024-01-01")).containsExactly(0L, 6L, 0L);
  }

  @Test
  void patientDays_splitAStayAcrossTheMonthsItSpans() {
    KpiRows kpis = new SilverFixture()
        .stay("E1", "P1", "2024-01-30", "2024-02-02")
        .measures("2024-12-31");

    assertThat(kpis.counts("hai_rate", "month", "2024-01-01")).containsExactly(0L, 2L, 0L);
    assertThat(kpis.counts("hai_rate", "month", "2024-02-01")).containsExactly(0L, 1L, 0L);
    assertThat(kpis.counts("alos", "month", "2024-01-01")).isEmpty();
    assertThat(kpis.counts("alos", "month", "2024-02-01")).containsExactly(3L, 1L, 0L);
  }
}
