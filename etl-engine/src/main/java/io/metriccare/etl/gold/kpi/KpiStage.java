package io.metriccare.etl.gold.kpi;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;

import io.metriccare.etl.lake.Lake;
import io.metriccare.etl.lake.LakeTable;
import io.metriccare.etl.silver.SilverTables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Computes the four KPI-SPEC measures and the HAI events by code from Silver and commits them to
 * {@code gold/kpi} and {@code gold/hai_by_code}. Each tenant is computed with its own value sets.
 */
public final class KpiStage {

  public static final LakeTable GOLD_KPI =
      LakeTable.keyedBy("gold/kpi", "tenant_id", "hospital_id", "period_grain", "period_start", "measure");
  public static final LakeTable GOLD_HAI_BY_CODE = LakeTable.keyedBy(
      "gold/hai_by_code", "tenant_id", "hospital_id", "period_grain", "period_start", "code_system", "code");
  public static final LakeTable GOLD_KPI_LINEAGE = LakeTable.keyedBy(
      "gold/kpi_lineage", "tenant_id", "hospital_id", "period_start", "measure", "encounter_id");

  /**
   * The committed Gold rows, persisted for publishing.
   *
   * @param kpis {@code tenant_id, hospital_id, period_grain, period_start, measure, numerator, denominator, pending}
   * @param haiByCode {@code tenant_id, hospital_id, period_grain, period_start, code_system, code, events}
   * @param lineage per month, measure and encounter, what the encounter contributes:
   *     {@code tenant_id, hospital_id, period_start, measure, encounter_id, ingestion_id, numerator, denominator, pending}
   */
  public record GoldRows(Dataset<Row> kpis, Dataset<Row> haiByCode, Dataset<Row> lineage) {}

  private final Lake lake;
  private final KpiValueSets platformValueSets;
  private final Map<String, KpiValueSets> tenantValueSets;

  /** @param tenantValueSets tenants whose value sets differ from the platform's, already merged */
  public KpiStage(Lake lake, KpiValueSets platformValueSets, Map<String, KpiValueSets> tenantValueSets) {
    this.lake = lake;
    this.platformValueSets = platformValueSets;
    this.tenantValueSets = Map.copyOf(tenantValueSets);
  }

  /** @param dataThroughDates per-tenant data-through date D overriding the §2 default */
  public GoldRows compute(SilverTables silver, Map<String, LocalDate> dataThroughDates) {
    List<Dataset<Row>> staysByValueSets = new ArrayList<>();
    List<Dataset<Row>> kpiParts = new ArrayList<>();
    List<Dataset<Row>> haiByCodeParts = new ArrayList<>();
    List<Dataset<Row>> lineageParts = new ArrayList<>();
    for (Map.Entry<KpiValueSets, SilverTables> group : tenantGroups(silver)) {
      KpiValueSets valueSets = group.getKey();
      SilverTables tenants = group.getValue();
      Dataset<Row> stays = Stays.prepare(tenants, valueSets, dataThroughDates).persist(StorageLevel.MEMORY_AND_DISK());
      staysByValueSets.add(stays);
      kpiParts.add(measures(stays, tenants, valueSets));
      haiByCodeParts.add(haiByCode(stays, tenants, valueSets));
      lineageParts.add(lineage(stays, tenants, valueSets));
    }
    Dataset<Row> kpis = union(kpiParts).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> haiByCode = union(haiByCodeParts).persist(StorageLevel.MEMORY_AND_DISK());
    lake.replaceTenants(GOLD_KPI, kpis);
    Dataset<Row> lineage = union(lineageParts).persist(StorageLevel.MEMORY_AND_DISK());
    lake.replaceTenants(GOLD_HAI_BY_CODE, haiByCode);
    lake.replaceTenants(GOLD_KPI_LINEAGE, lineage);
    staysByValueSets.forEach(Dataset::unpersist);
    return new GoldRows(kpis, haiByCode, lineage);
  }

  /** All four measures, uncommitted, from stays as {@link Stays#prepare} returns them. */
  static Dataset<Row> measures(Dataset<Row> preparedStays, SilverTables silver, KpiValueSets valueSets) {
    Dataset<Row> stays = rebased(preparedStays);
    return MortalityRule.apply(stays)
        .unionByName(Readmission30dRule.apply(stays))
        .unionByName(HospitalAcquiredInfectionRule.apply(
            stays, silver.fctCondition(), LengthOfStayRule.patientDayMembers(stays), valueSets))
        .unionByName(LengthOfStayRule.apply(stays));
  }

  /**
   * The measures' members per month: the same rows the measures sum, so a month's lineage sums to
   * its KPI row. Quarters and years are the union of their months.
   */
  static Dataset<Row> lineage(Dataset<Row> preparedStays, SilverTables silver, KpiValueSets valueSets) {
    Dataset<Row> stays = rebased(preparedStays);
    return monthly(MortalityRule.MEASURE, MortalityRule.members(stays))
        .unionByName(monthly(Readmission30dRule.MEASURE, Readmission30dRule.members(stays)))
        .unionByName(monthly(HospitalAcquiredInfectionRule.MEASURE, HospitalAcquiredInfectionRule.members(
            stays, silver.fctCondition(), LengthOfStayRule.patientDayMembers(stays), valueSets)))
        .unionByName(monthly(LengthOfStayRule.MEASURE, LengthOfStayRule.members(stays)));
  }

  private static Dataset<Row> monthly(String measure, Dataset<Row> members) {
    return members
        .groupBy(col("tenant_id"), col("hospital_id"),
            date_format(trunc(col("period_date"), "MM"), "yyyy-MM-dd").as("period_start"),
            col("encounter_id"), col("ingestion_id"))
        .agg(sum(col("numerator")).as("numerator"), sum(col("denominator")).as("denominator"),
            sum(col("pending")).as("pending"))
        .withColumn("measure", lit(measure));
  }

  /** §3 HAI events by code, uncommitted, from stays as {@link Stays#prepare} returns them. */
  static Dataset<Row> haiByCode(Dataset<Row> preparedStays, SilverTables silver, KpiValueSets valueSets) {
    Dataset<Row> stays = rebased(preparedStays);
    return HospitalAcquiredInfectionRule.eventsByCode(
        stays, silver.fctCondition(), LengthOfStayRule.patientDayMembers(stays), valueSets);
  }

  /**
   * Every rule starts from the stays. Rebasing them on their rows keeps Catalyst from re-analysing
   * the Silver joins inside each rule (it dominated the stage: ~15 s of planning).
   */
  private static Dataset<Row> rebased(Dataset<Row> preparedStays) {
    return preparedStays.sparkSession().createDataFrame(preparedStays.toJavaRDD(), preparedStays.schema());
  }

  /** The tenants on platform value sets together, then each tenant with its own. */
  private List<Map.Entry<KpiValueSets, SilverTables>> tenantGroups(SilverTables silver) {
    if (tenantValueSets.isEmpty()) {
      return List.of(Map.entry(platformValueSets, silver));
    }
    List<Map.Entry<KpiValueSets, SilverTables>> groups = new ArrayList<>();
    groups.add(Map.entry(platformValueSets,
        filterTenants(silver, not(col("tenant_id").isin(tenantValueSets.keySet().toArray())))));
    tenantValueSets.forEach((tenant, valueSets) ->
        groups.add(Map.entry(valueSets, filterTenants(silver, col("tenant_id").equalTo(tenant)))));
    return groups;
  }

  private static SilverTables filterTenants(SilverTables silver, Column tenants) {
    return new SilverTables(
        silver.dimHospital().filter(tenants),
        silver.dimPatient().filter(tenants),
        silver.fctEncounter().filter(tenants),
        silver.fctCondition().filter(tenants),
        silver.fctObservation().filter(tenants));
  }

  private static Dataset<Row> union(List<Dataset<Row>> parts) {
    return parts.stream().reduce(Dataset::unionByName).orElseThrow();
  }
}
