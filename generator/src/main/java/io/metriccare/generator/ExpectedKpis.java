package io.metriccare.generator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The generator's ground truth: KPI-SPEC computed in plain Java over each generated patient, a
 * second, deliberately straightforward implementation to hold the Spark rules against. Patients
 * are independent for every measure, so each is folded in and forgotten; only the per hospital ×
 * month counters stay in memory.
 */
final class ExpectedKpis {

  private final LocalDate dataThroughDate;
  /** {@code tenant|hospital|month|measure} → numerator, denominator, pending. */
  private final Map<String, long[]> counts = new TreeMap<>();
  private final Map<String, Long> patientDays = new TreeMap<>();
  private final Map<String, Long> haiEventsByCode = new TreeMap<>();

  ExpectedKpis(LocalDate dataThroughDate) {
    this.dataThroughDate = dataThroughDate;
  }

  /** One of the patient's encounters with the §0 facts the measures need, dates local to its hospital. */
  private record Stay(
      SyntheticEncounter encounter, LocalDate admitDate, LocalDate dischargeDate,
      boolean isQualifying, boolean isCensus, boolean isExpired, boolean isAgainstAdvice, boolean isTransfer) {

    String hospitalId() {
      return encounter.hospital().id();
    }
  }

  void add(SyntheticPatient patient) {
    List<Stay> stays = new ArrayList<>();
    for (SyntheticEncounter encounter : patient.encounters()) {
      if (!Set.of("entered-in-error", "cancelled").contains(encounter.status())) {
        stays.add(stay(encounter));
      }
    }
    for (Stay stay : stays) {
      if (stay.isCensus()) {
        addPatientDays(patient.tenantId(), stay);
      }
      if (!stay.isQualifying()) {
        continue;
      }
      boolean died = stay.isExpired()
          || patient.deceased() != null && isWithin(localDate(patient.deceased().toInstant(), stay), stay)
          || hasDeathCondition(patient, stay);
      LocalDate discharge = stay.dischargeDate();
      if (!stay.isTransfer()) {
        long[] mortality = counter(patient.tenantId(), stay.hospitalId(), discharge, "mortality");
        mortality[0] += died ? 1 : 0;
        mortality[1]++;
      }
      long[] alos = counter(patient.tenantId(), stay.hospitalId(), discharge, "alos");
      alos[0] += Math.max(1, ChronoUnit.DAYS.between(stay.admitDate(), discharge));
      alos[1]++;
      if (!died && !stay.isAgainstAdvice() && !stay.isTransfer()) {
        long[] readmission = counter(patient.tenantId(), stay.hospitalId(), discharge, "readmission_30d");
        if (discharge.plusDays(30).isAfter(dataThroughDate)) {
          readmission[2]++;
        } else {
          readmission[1]++;
          readmission[0] += isReadmitted(stay, stays) ? 1 : 0;
        }
      }
    }
    addHaiEvents(patient, stays);
  }

  private Stay stay(SyntheticEncounter encounter) {
    boolean isInpatient = SpecCodeLists.INPATIENT_CLASSES.contains(encounter.classCode());
    LocalDate admit = encounter.start().atZoneSameInstant(encounter.hospital().zone()).toLocalDate();
    LocalDate discharge = encounter.end() == null
        ? null : encounter.end().atZoneSameInstant(encounter.hospital().zone()).toLocalDate();
    boolean isQualifying = isInpatient && encounter.status().equals("finished") && encounter.end() != null
        && !encounter.end().toInstant().isBefore(encounter.start().toInstant());
    boolean isCensus = isQualifying || isInpatient && encounter.status().equals("in-progress");
    String hl7 = SpecCodeLists.HL7_DISPOSITION.equals(encounter.dispositionSystem()) ? encounter.dispositionCode() : null;
    String nubc = SpecCodeLists.NUBC_DISPOSITION.equals(encounter.dispositionSystem())
        ? (encounter.dispositionCode().length() == 1 ? "0" : "") + encounter.dispositionCode() : null;
    return new Stay(encounter, admit, discharge, isQualifying, isCensus,
        isIn(SpecCodeLists.EXPIRED_HL7, hl7) || isIn(SpecCodeLists.EXPIRED_NUBC, nubc),
        isIn(SpecCodeLists.AMA_HL7, hl7) || isIn(SpecCodeLists.AMA_NUBC, nubc),
        isIn(SpecCodeLists.TRANSFER_HL7, hl7) || isIn(SpecCodeLists.TRANSFER_NUBC, nubc));
  }

  private static boolean isIn(Set<String> codes, String code) {
    return code != null && codes.contains(code);
  }

  /** §4: each local date from admit up to the day before discharge (a same-day stay: its one day); in progress: up to D. */
  private void addPatientDays(String tenantId, Stay stay) {
    LocalDate last = !stay.isQualifying() ? dataThroughDate
        : stay.dischargeDate().isAfter(stay.admitDate()) ? stay.dischargeDate().minusDays(1) : stay.admitDate();
    for (LocalDate day = stay.admitDate(); !day.isAfter(last); day = day.plusDays(1)) {
      patientDays.merge(key(tenantId, stay.hospitalId(), day), 1L, Long::sum);
    }
  }

  /** §2: some later qualifying stay of the patient starts 0–30 days after discharge and is no continuation. */
  private static boolean isReadmitted(Stay index, List<Stay> stays) {
    for (Stay next : stays) {
      if (next == index || !next.isQualifying()
          || !next.encounter().start().toInstant().isAfter(index.encounter().start().toInstant())) {
        continue;
      }
      long days = ChronoUnit.DAYS.between(index.dischargeDate(), next.admitDate());
      boolean isContinuation = SpecCodeLists.CONTINUATION_ADMIT_SOURCE.equals(next.encounter().admitSource())
          && days >= 0 && days <= 1;
      if (days >= 0 && days <= 30 && !isContinuation) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasDeathCondition(SyntheticPatient patient, Stay stay) {
    return patient.conditions().stream().anyMatch(condition -> isCounted(condition)
        && condition.encounterId().equals(stay.encounter().id())
        && condition.system().equals(SpecCodeLists.SNOMED)
        && condition.code().equals(SpecCodeLists.DEATH_SNOMED));
  }

  /**
   * §3: HAI conditions of a qualifying stay with onset on hospital day >= 3 (>= 4 lab-identified)
   * and no later than the day after discharge; one event per patient and type per 14 days, in
   * onset order; the event counts in its stay's discharge month.
   */
  private void addHaiEvents(SyntheticPatient patient, List<Stay> stays) {
    record Event(LocalDate onset, String conditionId, Stay stay, SpecCodeLists.HaiCode code) {}
    Map<String, List<Event>> byType = new TreeMap<>();
    for (SyntheticCondition condition : patient.conditions()) {
      SpecCodeLists.HaiCode code = SpecCodeLists.haiCode(condition.system(), condition.code());
      Stay stay = stays.stream()
          .filter(candidate -> candidate.isQualifying() && candidate.encounter().id().equals(condition.encounterId()))
          .findFirst()
          .orElse(null);
      if (code == null || stay == null || !isCounted(condition)) {
        continue;
      }
      LocalDate onset = localDate(condition.onset().toInstant(), stay);
      long hospitalDay = ChronoUnit.DAYS.between(stay.admitDate(), onset) + 1;
      if (hospitalDay >= (code.isLabIdentified() ? 4 : 3) && !onset.isAfter(stay.dischargeDate().plusDays(1))) {
        byType.computeIfAbsent(code.type(), type -> new ArrayList<>()).add(new Event(onset, condition.id(), stay, code));
      }
    }
    for (List<Event> events : byType.values()) {
      events.sort(Comparator.comparing(Event::onset).thenComparing(Event::conditionId));
      LocalDate lastCounted = null;
      for (Event event : events) {
        if (lastCounted == null || ChronoUnit.DAYS.between(lastCounted, event.onset()) >= 14) {
          lastCounted = event.onset();
          String periodKey = key(patient.tenantId(), event.stay().hospitalId(), event.stay().dischargeDate());
          haiEventsByCode.merge(periodKey + "|" + event.code().system() + "|" + event.code().code(), 1L, Long::sum);
        }
      }
    }
  }

  private static boolean isCounted(SyntheticCondition condition) {
    return condition.verificationStatus() == null
        || !SpecCodeLists.NOT_COUNTED_VERIFICATION.contains(condition.verificationStatus());
  }

  private static boolean isWithin(LocalDate date, Stay stay) {
    return !date.isBefore(stay.admitDate()) && !date.isAfter(stay.dischargeDate());
  }

  private static LocalDate localDate(Instant instant, Stay stay) {
    return instant.atZone(stay.encounter().hospital().zone()).toLocalDate();
  }

  private long[] counter(String tenantId, String hospitalId, LocalDate date, String measure) {
    return counts.computeIfAbsent(key(tenantId, hospitalId, date) + "|" + measure, ignored -> new long[3]);
  }

  private static String key(String tenantId, String hospitalId, LocalDate date) {
    return tenantId + "|" + hospitalId + "|" + date.withDayOfMonth(1);
  }

  /**
   * The rows the engine's {@code kpi/} output must hold at month grain: mortality and alos where
   * a stay was discharged, readmission_30d where a stay is index or pending, hai_rate where the
   * month has patient-days (its HAI events are dropped otherwise, as in the engine).
   */
  List<Map<String, Object>> kpiRows() {
    List<Map<String, Object>> rows = new ArrayList<>();
    counts.forEach((key, values) -> {
      String[] parts = key.split("\\|");
      rows.add(row(parts[0], parts[1], parts[2], parts[3], values[0], values[1], values[2]));
    });
    Map<String, Long> haiEvents = new TreeMap<>();
    haiEventsByCode.forEach((key, events) -> {
      String[] parts = key.split("\\|");
      haiEvents.merge(parts[0] + "|" + parts[1] + "|" + parts[2], events, Long::sum);
    });
    patientDays.forEach((key, days) -> {
      String[] parts = key.split("\\|");
      rows.add(row(parts[0], parts[1], parts[2], "hai_rate", haiEvents.getOrDefault(key, 0L), days, 0));
    });
    return rows;
  }

  /** The rows of {@code hai_by_code/} at month grain: only months with patient-days, like {@code hai_rate}. */
  List<Map<String, Object>> haiByCodeRows() {
    List<Map<String, Object>> rows = new ArrayList<>();
    haiEventsByCode.forEach((key, events) -> {
      String[] parts = key.split("\\|");
      if (patientDays.containsKey(parts[0] + "|" + parts[1] + "|" + parts[2])) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("tenant_id", parts[0]);
        row.put("hospital_id", parts[1]);
        row.put("period_grain", "month");
        row.put("period_start", parts[2]);
        row.put("code_system", parts[3]);
        row.put("code", parts[4]);
        row.put("events", events);
        rows.add(row);
      }
    });
    return rows;
  }

  void write(Path path, Map<String, Object> header) throws IOException {
    Map<String, Object> document = new LinkedHashMap<>(header);
    document.put("kpis", kpiRows());
    document.put("haiByCode", haiByCodeRows());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(path.toFile(), document);
  }

  private static Map<String, Object> row(String tenantId, String hospitalId, String month, String measure,
      long numerator, long denominator, long pending) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("tenant_id", tenantId);
    row.put("hospital_id", hospitalId);
    row.put("period_grain", "month");
    row.put("period_start", month);
    row.put("measure", measure);
    row.put("numerator", numerator);
    row.put("denominator", denominator);
    row.put("pending", pending);
    return row;
  }
}
