package io.metriccare.etl.gold.kpi;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import io.metriccare.etl.Concurrently;
import io.metriccare.etl.KeyJoins;
import io.metriccare.etl.lake.Lake;
import io.metriccare.etl.lake.LakeTable;
import io.metriccare.etl.silver.SilverChanges;
import io.metriccare.etl.silver.SilverTables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.collection.JavaConverters;

/**
 * Derives the four KPI-SPEC measures, their lineage and the HAI events by code, and commits them to
 * {@code gold/kpi_lineage}, {@code gold/hai_event}, {@code gold/kpi} and {@code gold/hai_by_code}.
 * Each tenant is computed with its own value sets.
 *
 * <p>Incremental: the rules run only over the stays in the {@link DerivationScope}; their members
 * (lineage) and counted HAI events replace the scope's previous ones; then only the KPI and
 * by-code rows of the hospital × period keys those members fall in, before or after, are summed
 * again from the members. A KPI row is the sum of its members, so this equals a derivation from
 * scratch.
 */
public final class KpiStage {

  public static final LakeTable GOLD_KPI =
      LakeTable.keyedBy("gold/kpi", "tenant_id", "hospital_id", "period_grain", "period_start", "measure")
          .deletingRecords();
  public static final LakeTable GOLD_HAI_BY_CODE = LakeTable.keyedBy(
      "gold/hai_by_code", "tenant_id", "hospital_id", "period_grain", "period_start", "code_system", "code")
      .deletingRecords();
  public static final LakeTable GOLD_KPI_LINEAGE = LakeTable.keyedBy(
      "gold/kpi_lineage", "tenant_id", "hospital_id", "period_start", "measure", "encounter_id")
      .deletingRecords();
  /** The counted HAI events, kept so that by-code counts can be summed again per period. */
  public static final LakeTable GOLD_HAI_EVENT =
      LakeTable.keyedBy("gold/hai_event", "tenant_id", "encounter_id", "condition_id", "hai_type").deletingRecords();
  /** Per tenant, the D and the value sets its Gold rows were derived with. */
  public static final LakeTable GOLD_TENANT_STATE = LakeTable.keyedBy("gold/tenant_state", "tenant_id");

  private static final List<String> KPI_KEYS =
      List.of("tenant_id", "hospital_id", "period_grain", "period_start", "measure");
  private static final List<String> HAI_BY_CODE_KEYS =
      List.of("tenant_id", "hospital_id", "period_grain", "period_start", "code_system", "code");
  private static final List<String> LINEAGE_KEYS =
      List.of("tenant_id", "hospital_id", "period_start", "measure", "encounter_id");
  private static final List<String> HAI_EVENT_KEYS = List.of("tenant_id", "encounter_id", "condition_id", "hai_type");
  private static final Column IS_REPORTED_PERIOD = when(col("measure").equalTo(MortalityRule.MEASURE),
      MortalityRule.IS_REPORTED_PERIOD)
      .when(col("measure").equalTo(Readmission30dRule.MEASURE), Readmission30dRule.IS_REPORTED_PERIOD)
      .when(col("measure").equalTo(HospitalAcquiredInfectionRule.MEASURE), HospitalAcquiredInfectionRule.IS_REPORTED_PERIOD)
      .otherwise(LengthOfStayRule.IS_REPORTED_PERIOD);
  private static final Column[] HAI_EVENT_COLUMNS = {
      col("tenant_id"), col("hospital_id"), col("patient_id"), col("encounter_id"), col("condition_id"),
      col("hai_type"), col("ingestion_id"), col("discharge_date"), col("hai_coding")};
  private static final StructType TENANT_STATE_SCHEMA =
      StructType.fromDDL("tenant_id STRING, data_through_date STRING, value_sets STRING");
  private static final StructType REPLACED_LINEAGE_SCHEMA = StructType.fromDDL("tenant_id STRING, encounter_id STRING");

  /**
   * The recomputed tenants' Gold rows as committed.
   *
   * @param kpis {@code tenant_id, hospital_id, period_grain, period_start, measure, numerator, denominator, pending}
   * @param haiByCode {@code tenant_id, hospital_id, period_grain, period_start, code_system, code, events}
   * @param lineage the lineage rows the serving tables need, and which published rows they replace
   * @param derivedStays how many stays the rules ran over in this run
   */
  public record GoldRows(Dataset<Row> kpis, Dataset<Row> haiByCode, LineageUpdate lineage, long derivedStays) {}

  /**
   * Lineage for the serving tables: per tenant, either its whole lineage or only the rows of the
   * encounters this run derived again.
   *
   * @param rows per month, measure and encounter, what the encounter contributes:
   *     {@code tenant_id, hospital_id, period_start, measure, encounter_id, ingestion_id, numerator, denominator, pending}
   * @param replaced {@code tenant_id, encounter_id}: the published rows of these encounters give way to
   *     {@code rows}; a null {@code encounter_id} stands for every published row of the tenant
   */
  public record LineageUpdate(Dataset<Row> rows, Dataset<Row> replaced) {}

  private final Lake lake;
  private final KpiValueSets platformValueSets;
  private final Map<String, KpiValueSets> tenantValueSets;

  /** @param tenantValueSets tenants whose value sets differ from the platform's, already merged */
  public KpiStage(Lake lake, KpiValueSets platformValueSets, Map<String, KpiValueSets> tenantValueSets) {
    this.lake = lake;
    this.platformValueSets = platformValueSets;
    this.tenantValueSets = Map.copyOf(tenantValueSets);
  }

  /**
   * @param tenantDataThroughDates per-tenant data-through date D overriding the §2 default
   * @param lineageDeltaTenants tenants whose served lineage is the lake's: their lineage update carries
   *     only the encounters derived again, unless the run derives the whole tenant
   */
  public GoldRows compute(SilverChanges changes, Collection<String> tenants, Map<String, LocalDate> tenantDataThroughDates,
      Set<String> lineageDeltaTenants) {
    Map<String, Row> previousStates = previousStates(tenants);
    Set<String> deltaTenants = new TreeSet<>(lineageDeltaTenants);
    List<Row> states = new ArrayList<>();
    List<Dataset<Row>> scopes = new ArrayList<>();
    List<Dataset<Row>> lineageParts = new ArrayList<>();
    List<Dataset<Row>> eventParts = new ArrayList<>();
    List<Dataset<Row>> staysByValueSets = new ArrayList<>();
    for (Map.Entry<KpiValueSets, List<String>> group : tenantsByValueSets(tenants).entrySet()) {
      KpiValueSets valueSets = group.getKey();
      SilverTables silver = filterTenants(changes.tables(), col("tenant_id").isin(group.getValue().toArray()));
      Map<String, LocalDate> dataThrough = Stays.dataThroughDates(silver.fctEncounter(), valueSets, tenantDataThroughDates);
      Map<String, LocalDate> restateFrom = new TreeMap<>();
      Set<String> wholeTenants = new TreeSet<>();
      for (String tenant : group.getValue()) {
        Row previous = previousStates.get(tenant);
        String dataThroughText = Objects.toString(dataThrough.get(tenant), null);
        String previousDataThrough = previous == null ? null : previous.getAs("data_through_date");
        if (previous == null || !valueSets.fingerprint().equals(previous.getAs("value_sets"))
            || (dataThroughText == null) != (previousDataThrough == null)) {
          wholeTenants.add(tenant);
        } else if (dataThroughText != null && !dataThroughText.equals(previousDataThrough)) {
          restateFrom.put(tenant,
              DerivationScope.restateFrom(LocalDate.parse(previousDataThrough), LocalDate.parse(dataThroughText)));
        }
        states.add(RowFactory.create(tenant, dataThroughText, valueSets.fingerprint()));
      }
      deltaTenants.removeAll(wholeTenants);
      Dataset<Row> scope = DerivationScope.encounters(changes, silver, restateFrom, wholeTenants);
      SilverTables scoped = DerivationScope.scoped(silver, scope);
      Dataset<Row> stays = Stays.prepare(scoped, valueSets, dataThrough).persist(StorageLevel.MEMORY_AND_DISK());
      staysByValueSets.add(stays);
      scopes.add(scope);
      Dataset<Row> rebasedStays = rebased(stays);
      // Lineage and the hai_event table both need the counted events: derive them once.
      Dataset<Row> countedEvents = HospitalAcquiredInfectionRule.countedEvents(
          rebasedStays, scoped.fctCondition(), valueSets).localCheckpoint();
      lineageParts.add(lineage(rebasedStays, countedEvents));
      eventParts.add(countedEvents.select(HAI_EVENT_COLUMNS));
    }
    long derivedStays = staysByValueSets.stream().mapToLong(Dataset::count).sum();
    Dataset<Row> lineage = union(lineageParts).localCheckpoint();
    Dataset<Row> events = union(eventParts);
    staysByValueSets.forEach(Dataset::unpersist);
    Dataset<Row> eventShape = events.limit(0);
    Dataset<Row> scopeEncounters = union(scopes);
    Dataset<Row> affectedPeriods = replaceMembers(tenants, scopeEncounters, lineage, events);

    Dataset<Row> kpis = sumKpis(committed(GOLD_KPI_LINEAGE, tenants, lineage.limit(0)), affectedPeriods).localCheckpoint();
    Dataset<Row> haiByCode = HospitalAcquiredInfectionRule.eventsByCode(committed(GOLD_HAI_EVENT, tenants, eventShape),
        kpis.filter(col("measure").equalTo(HospitalAcquiredInfectionRule.MEASURE)));
    Concurrently.run(
        () -> replaceKeys(GOLD_KPI, tenants, affectedPeriods, kpis, KPI_KEYS),
        () -> replaceKeys(GOLD_HAI_BY_CODE, tenants, affectedPeriods, haiByCode.localCheckpoint(), HAI_BY_CODE_KEYS),
        () -> {
          // A run that leaves every tenant's D and value sets as they were has nothing to commit here.
          if (states.stream().anyMatch(state -> !isRecorded(state, previousStates.get(state.getString(0))))) {
            lake.upsert(GOLD_TENANT_STATE, kpis.sparkSession().createDataFrame(states, TENANT_STATE_SCHEMA));
          }
        });
    return new GoldRows(committed(GOLD_KPI, tenants, kpis.limit(0)), committed(GOLD_HAI_BY_CODE, tenants, haiByCode.limit(0)),
        lineageUpdate(tenants, deltaTenants, scopeEncounters, lineage), derivedStays);
  }

  /**
   * The scope's new members for the delta tenants, whose served lineage only lacks this run's
   * changes; the whole committed lineage for the others.
   */
  private LineageUpdate lineageUpdate(Collection<String> tenants, Set<String> deltaTenants, Dataset<Row> scope,
      Dataset<Row> lineage) {
    Column isDelta = col("tenant_id").isin(deltaTenants.toArray());
    List<Row> wholeTenants = tenants.stream().filter(tenant -> !deltaTenants.contains(tenant))
        .map(tenant -> RowFactory.create(tenant, null))
        .toList();
    return new LineageUpdate(
        lineage.filter(isDelta)
            .unionByName(committed(GOLD_KPI_LINEAGE, tenants, lineage.limit(0)).filter(not(isDelta))),
        scope.filter(isDelta).select(col("tenant_id"), col("encounter_id"))
            .unionByName(scope.sparkSession().createDataFrame(wholeTenants, REPLACED_LINEAGE_SCHEMA)));
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
   *
   * @param stays rebased prepared stays
   * @param countedEvents the stays' HAI events, as {@link HospitalAcquiredInfectionRule#countedEvents} gives them
   */
  private static Dataset<Row> lineage(Dataset<Row> stays, Dataset<Row> countedEvents) {
    // One aggregation over every measure's members: each aggregation is a shuffle, and a Spark job of its own.
    return measured(MortalityRule.MEASURE, MortalityRule.members(stays))
        .unionByName(measured(Readmission30dRule.MEASURE, Readmission30dRule.members(stays)))
        .unionByName(measured(HospitalAcquiredInfectionRule.MEASURE,
            HospitalAcquiredInfectionRule.members(countedEvents, LengthOfStayRule.patientDayMembers(stays))))
        .unionByName(measured(LengthOfStayRule.MEASURE, LengthOfStayRule.members(stays)))
        .groupBy(col("tenant_id"), col("hospital_id"),
            date_format(trunc(col("period_date"), "MM"), "yyyy-MM-dd").as("period_start"),
            col("encounter_id"), col("ingestion_id"), col("measure"))
        .agg(sum(col("numerator")).as("numerator"), sum(col("denominator")).as("denominator"),
            sum(col("pending")).as("pending"))
        // gold/kpi_lineage's column order, as the files of lakes written before have it.
        .select(col("tenant_id"), col("hospital_id"), col("period_start"), col("encounter_id"), col("ingestion_id"),
            col("numerator"), col("denominator"), col("pending"), col("measure"));
  }

  private static Dataset<Row> measured(String measure, Dataset<Row> members) {
    return members.withColumn("measure", lit(measure));
  }

  /** §3 HAI events by code, uncommitted, from stays as {@link Stays#prepare} returns them. */
  static Dataset<Row> haiByCode(Dataset<Row> preparedStays, SilverTables silver, KpiValueSets valueSets) {
    Dataset<Row> stays = rebased(preparedStays);
    Dataset<Row> reported = HospitalAcquiredInfectionRule.apply(
        stays, silver.fctCondition(), LengthOfStayRule.patientDayMembers(stays), valueSets);
    return HospitalAcquiredInfectionRule.eventsByCode(
        HospitalAcquiredInfectionRule.countedEvents(stays, silver.fctCondition(), valueSets), reported);
  }

  /**
   * Replaces the members and counted events of the scope's encounters with the new ones.
   *
   * @return the hospital × period keys of every grain that a replaced or new member falls in
   */
  private Dataset<Row> replaceMembers(Collection<String> tenants, Dataset<Row> scope, Dataset<Row> lineage,
      Dataset<Row> events) {
    List<Dataset<Row>> previous = Concurrently.materialise(
        KeyJoins.withKeysIn(committed(GOLD_KPI_LINEAGE, tenants, lineage.limit(0)), scope, "tenant_id", "encounter_id"),
        KeyJoins.withKeysIn(committed(GOLD_HAI_EVENT, tenants, events.limit(0)), scope, "tenant_id", "encounter_id"));
    Dataset<Row> periods = periodsOf(previous.get(0).unionByName(lineage));
    Concurrently.run(
        () -> replace(GOLD_KPI_LINEAGE, lineage, previous.get(0), LINEAGE_KEYS),
        () -> replace(GOLD_HAI_EVENT, events, previous.get(1), HAI_EVENT_KEYS));
    return periods;
  }

  /**
   * Replaces the table's rows in the periods with {@code rows}, which hold every row those periods now
   * have. The tables hold a few hundred rows per tenant, so each tenant's partition is written again
   * whole (a Hudi insert_overwrite, a fraction of the cost of an upsert's key lookup and merge).
   */
  private void replaceKeys(LakeTable table, Collection<String> tenants, Dataset<Row> periods, Dataset<Row> rows,
      List<String> keys) {
    Dataset<Row> committed = committed(table, tenants, rows.limit(0));
    Dataset<Row> tenantRows = KpiFacts.antiJoinOnPeriodKeys(committed, periods).unionByName(rows).localCheckpoint();
    Set<String> tenantsWithRows = new TreeSet<>(tenantRows.select(col("tenant_id")).distinct()
        .as(Encoders.STRING()).collectAsList());
    Set<String> tenantsWithCommittedRows = new TreeSet<>(lake.rowCountsByTenant(table).keySet());
    tenantsWithCommittedRows.retainAll(tenants);
    if (tenantsWithRows.containsAll(tenantsWithCommittedRows)) {
      if (!tenantsWithRows.isEmpty()) {
        lake.replaceTenants(table, tenantRows);
      }
    } else {
      // insert_overwrite replaces only the partitions it writes: a tenant left without rows needs deletes.
      replace(table, rows, KpiFacts.semiJoinOnPeriodKeys(committed, periods).localCheckpoint(), keys);
    }
  }

  /**
   * Upserts {@code rows} and deletes the {@code previous} rows whose key is no longer among them.
   *
   * @param previous every committed row that a key of {@code rows} can match
   */
  private void replace(LakeTable table, Dataset<Row> rows, Dataset<Row> previous, List<String> keys) {
    if (previous.isEmpty()) {
      // Nothing to match: every key is new, the usual case for an increment of new stays.
      if (!rows.isEmpty()) {
        lake.insertNew(table, rows);
      }
      return;
    }
    Dataset<Row> gone = previous.join(rows.select(keys.stream().map(name -> col(name)).toArray(Column[]::new)),
        JavaConverters.asScalaBuffer(keys).toSeq(), "left_anti");
    if (!rows.isEmpty() || !gone.isEmpty()) {
      lake.upsertAndDelete(table, rows, gone);
    }
  }

  /** Month members summed per period of every grain, in the given periods only, reported periods only. */
  static Dataset<Row> sumKpis(Dataset<Row> lineage, Dataset<Row> periods) {
    // Summed per month before the months fan out to their quarter and year: the lineage holds a row
    // per stay, a month only a few hundred.
    Dataset<Row> months = lineage
        .groupBy(col("tenant_id"), col("hospital_id"), col("period_start"), col("measure"))
        .agg(sum(col("numerator")).as("numerator"), sum(col("denominator")).as("denominator"),
            sum(col("pending")).as("pending"));
    Dataset<Row> perPeriod = Periods.explodePeriods(
            months.withColumn("month", to_date(col("period_start"))).drop("period_start"), "month")
        .withColumn("period_start", date_format(col("period_start"), "yyyy-MM-dd"));
    return KpiFacts.semiJoinOnPeriodKeys(perPeriod, periods)
        .groupBy(col("tenant_id"), col("hospital_id"), col("period_grain"), col("period_start"), col("measure"))
        .agg(sum(col("numerator")).as("numerator"), sum(col("denominator")).as("denominator"),
            sum(col("pending")).as("pending"))
        .filter(IS_REPORTED_PERIOD)
        .select(col("tenant_id"), col("hospital_id"), col("period_grain"), col("period_start"), col("measure"),
            col("numerator").cast("long").as("numerator"), col("denominator").cast("long").as("denominator"),
            col("pending").cast("long").as("pending"));
  }

  /** The month, quarter and year keys ({@code period_start} as text) of the members' months. */
  private static Dataset<Row> periodsOf(Dataset<Row> lineage) {
    Dataset<Row> months = lineage
        .select(col("tenant_id"), col("hospital_id"), to_date(col("period_start")).as("month"))
        .distinct();
    return Periods.explodePeriods(months, "month")
        .select(col("tenant_id"), col("hospital_id"), col("period_grain"),
            date_format(col("period_start"), "yyyy-MM-dd").as("period_start"))
        .distinct();
  }

  /** @param state {@code tenant_id, data_through_date, value_sets}, as {@link #TENANT_STATE_SCHEMA} */
  private static boolean isRecorded(Row state, Row previous) {
    return previous != null
        && Objects.equals(state.getString(1), previous.getAs("data_through_date"))
        && Objects.equals(state.getString(2), previous.getAs("value_sets"));
  }

  private Map<String, Row> previousStates(Collection<String> tenants) {
    Map<String, Row> states = new TreeMap<>();
    lake.read(GOLD_TENANT_STATE, tenants).ifPresent(rows -> rows.collectAsList()
        .forEach(row -> states.put(row.getAs("tenant_id"), row)));
    return states;
  }

  /** The table's committed rows of the tenants; none, in the given shape, while it was never written. */
  private Dataset<Row> committed(LakeTable table, Collection<String> tenants, Dataset<Row> shape) {
    return lake.read(table, tenants).orElseGet(() -> shape.limit(0));
  }

  /**
   * Every rule starts from the stays. Rebasing them on their rows keeps Catalyst from re-analysing
   * the Silver joins inside each rule (it dominated the stage: ~15 s of planning).
   */
  private static Dataset<Row> rebased(Dataset<Row> preparedStays) {
    return preparedStays.sparkSession().createDataFrame(preparedStays.toJavaRDD(), preparedStays.schema());
  }

  /** The tenants on platform value sets together, then each tenant with its own. */
  private Map<KpiValueSets, List<String>> tenantsByValueSets(Collection<String> tenants) {
    Map<KpiValueSets, List<String>> groups = new LinkedHashMap<>();
    for (String tenant : tenants) {
      groups.computeIfAbsent(tenantValueSets.getOrDefault(tenant, platformValueSets), valueSets -> new ArrayList<>())
          .add(tenant);
    }
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
