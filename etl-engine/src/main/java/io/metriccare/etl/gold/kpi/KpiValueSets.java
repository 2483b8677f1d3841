package io.metriccare.etl.gold.kpi;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The code lists the KPI rules depend on. KPI-SPEC makes them configuration (a value set per
 * tenant with a platform default), so the rules read them from here rather than from literals.
 *
 * @param inpatientClasses {@code Encounter.class} codes of a qualifying inpatient stay (§0)
 * @param expired dispositions meaning the patient died (§0)
 * @param againstMedicalAdvice dispositions meaning the patient left against medical advice (§0)
 * @param transferToAcute dispositions meaning a transfer to an acute hospital (§0)
 * @param excludedVerificationStatuses Condition verification statuses that never count (§0)
 * @param deathCodes {@code system|code} of a Condition or Observation recording death (§0)
 * @param continuationAdmitSources admit sources marking a next stay as a transfer continuation (§2)
 * @param hai the hospital-acquired infection value set (§3)
 */
public record KpiValueSets(
    Set<String> inpatientClasses,
    DispositionCodes expired,
    DispositionCodes againstMedicalAdvice,
    DispositionCodes transferToAcute,
    Set<String> excludedVerificationStatuses,
    Set<String> deathCodes,
    Set<String> continuationAdmitSources,
    List<HaiCode> hai) {

  public static final String SNOMED = "http://snomed.info/sct";
  public static final String ICD10_CM = "http://hl7.org/fhir/sid/icd-10-cm";

  /** Disposition codes in the two systems KPI-SPEC §0 accepts; NUBC codes are two digits, zero-padded. */
  public record DispositionCodes(Set<String> hl7, Set<String> nubc) {}

  /**
   * @param code a code, or a prefix when {@code isPrefix} (ICD-10-CM {@code T81.4*})
   * @param haiType the type events are de-duplicated by
   * @param isLabIdentified lab-identified types count from hospital day 4 instead of 3
   */
  public record HaiCode(String system, String code, boolean isPrefix, String haiType, boolean isLabIdentified) {}

  /**
   * The same text for the same lists whatever their iteration order: a run compares it with the one
   * the tenant's Gold rows were derived with.
   */
  public String fingerprint() {
    return Stream.of(inpatientClasses, expired.hl7(), expired.nubc(), againstMedicalAdvice.hl7(),
            againstMedicalAdvice.nubc(), transferToAcute.hl7(), transferToAcute.nubc(), excludedVerificationStatuses,
            deathCodes, continuationAdmitSources, hai)
        .map(values -> values.stream().map(String::valueOf).sorted().toList().toString())
        .collect(Collectors.joining(";"));
  }

  public static KpiValueSets platformDefaults() {
    return new KpiValueSets(
        Set.of("IMP", "ACUTE", "NONAC"),
        new DispositionCodes(Set.of("exp"), Set.of("20", "40", "41", "42")),
        new DispositionCodes(Set.of("aadvice"), Set.of("07")),
        new DispositionCodes(Set.of("hosp"), Set.of("02")),
        Set.of("refuted", "entered-in-error", "unconfirmed"),
        Set.of(SNOMED + "|419620001"),
        Set.of("hosp-trans"),
        List.of(
            new HaiCode(SNOMED, "186431008", false, "cdi", true),
            new HaiCode(SNOMED, "266096002", false, "mrsa", true),
            new HaiCode(SNOMED, "433202001", false, "ssi", false),
            new HaiCode(SNOMED, "68566005", false, "uti", false),
            new HaiCode(SNOMED, "40733004", false, "infection", false),
            new HaiCode(ICD10_CM, "T80.211A", false, "clabsi", false),
            new HaiCode(ICD10_CM, "T83.511A", false, "cauti", false),
            new HaiCode(ICD10_CM, "T81.4", true, "ssi", false),
            new HaiCode(ICD10_CM, "A04.71", false, "cdi", true),
            new HaiCode(ICD10_CM, "A04.72", false, "cdi", true),
            new HaiCode(ICD10_CM, "A41.02", false, "mrsa", true),
            new HaiCode(ICD10_CM, "A49.02", false, "mrsa", true)));
  }
}
