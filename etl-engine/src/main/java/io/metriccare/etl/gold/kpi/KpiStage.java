package io.metriccare.etl.gold.kpi;

import io.metriccare.etl.lake.Lake;
import io.metriccare.etl.lake.LakeTable;
import io.metriccare.etl.silver.SilverTables;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/** Computes the four KPI-SPEC measures from Silver and commits them to {@code gold/kpi}. */
public final class KpiStage {

  public static final LakeTable GOLD_KPI =
      LakeTable.keyedBy("gold/kpi", "tenant_id", "hospital_id", "period_grain", "period_start", "measure");

  private final Lake lake;
  private final KpiValueSets valueSets;

  public KpiStage(Lake lake, KpiValueSets valueSets) {
    this.lake = lake;
    this.valueSets = valueSets;
  }

  /**
   * @param dataThroughDates per-tenant data-through date D overriding the §2 default
   * @return the committed KPI rows ({@code tenant_id, hospital_id, period_grain, period_start,
   *     measure, numerator, denominator, pending}), persisted for publishing
   */
  public Dataset<Row> compute(SilverTables silver, Map<String, LocalDate> dataThroughDates) {
    Dataset<Row> stays = Stays.prepare(silver, valueSets, dataThroughDates).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> kpis = measures(stays, silver, valueSets).persist(StorageLevel.MEMORY_AND_DISK());
    lake.replaceTenants(GOLD_KPI, kpis);
    stays.unpersist();
    return kpis;
  }

  /** All four measures, uncommitted, from stays as {@link Stays#prepare} returns them. */
  static Dataset<Row> measures(Dataset<Row> preparedStays, SilverTables silver, KpiValueSets valueSets) {
    // Every rule starts from the stays. Rebasing them on their rows keeps Catalyst from
    // re-analysing the Silver joins inside each rule (it dominated the stage: ~15 s of planning).
    Dataset<Row> stays = preparedStays.sparkSession()
        .createDataFrame(preparedStays.toJavaRDD(), preparedStays.schema());
    return MortalityRule.apply(stays)
        .unionByName(Readmission30dRule.apply(stays))
        .unionByName(HospitalAcquiredInfectionRule.apply(
            stays, silver.fctCondition(), LengthOfStayRule.patientDays(stays), valueSets))
        .unionByName(LengthOfStayRule.apply(stays));
  }
}
