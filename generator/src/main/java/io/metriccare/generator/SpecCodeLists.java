package io.metriccare.generator;

import java.util.List;
import java.util.Set;

/**
 * The KPI-SPEC code lists the generator writes and its ground truth reads, restated from the spec
 * text on purpose rather than taken from the engine's {@code KpiValueSets}: a slip in either then
 * shows up as a ground-truth mismatch.
 */
final class SpecCodeLists {

  static final String SNOMED = "http://snomed.info/sct";
  static final String ICD10_CM = "http://hl7.org/fhir/sid/icd-10-cm";
  static final String HL7_DISPOSITION = "http://terminology.hl7.org/CodeSystem/discharge-disposition";
  static final String NUBC_DISPOSITION = "http://www.nubc.org/patient-discharge";
  static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
  static final String ADMIT_SOURCE = "http://terminology.hl7.org/CodeSystem/admit-source";
  static final String VERIFICATION_STATUS = "http://terminology.hl7.org/CodeSystem/condition-ver-status";

  /** §0 */
  static final Set<String> INPATIENT_CLASSES = Set.of("IMP", "ACUTE", "NONAC");
  static final Set<String> EXPIRED_HL7 = Set.of("exp");
  static final Set<String> EXPIRED_NUBC = Set.of("20", "40", "41", "42");
  static final Set<String> AMA_HL7 = Set.of("aadvice");
  static final Set<String> AMA_NUBC = Set.of("07");
  static final Set<String> TRANSFER_HL7 = Set.of("hosp");
  static final Set<String> TRANSFER_NUBC = Set.of("02");
  static final Set<String> NOT_COUNTED_VERIFICATION = Set.of("refuted", "entered-in-error", "unconfirmed");
  static final String DEATH_SNOMED = "419620001";
  /** §2 */
  static final String CONTINUATION_ADMIT_SOURCE = "hosp-trans";

  /** §3 default HAI value set, one entry per code the generator writes; T81.4* as two concrete codes. */
  record HaiCode(String system, String code, String type, boolean isLabIdentified) {}

  static final List<HaiCode> HAI_CODES = List.of(
      new HaiCode(SNOMED, "186431008", "cdi", true),
      new HaiCode(SNOMED, "266096002", "mrsa", true),
      new HaiCode(SNOMED, "433202001", "ssi", false),
      new HaiCode(SNOMED, "68566005", "uti", false),
      new HaiCode(SNOMED, "40733004", "infection", false),
      new HaiCode(ICD10_CM, "T80.211A", "clabsi", false),
      new HaiCode(ICD10_CM, "T83.511A", "cauti", false),
      new HaiCode(ICD10_CM, "T81.41XA", "ssi", false),
      new HaiCode(ICD10_CM, "T81.49XA", "ssi", false),
      new HaiCode(ICD10_CM, "A04.71", "cdi", true),
      new HaiCode(ICD10_CM, "A04.72", "cdi", true),
      new HaiCode(ICD10_CM, "A41.02", "mrsa", true),
      new HaiCode(ICD10_CM, "A49.02", "mrsa", true));

  private SpecCodeLists() {}

  static HaiCode haiCode(String system, String code) {
    return HAI_CODES.stream()
        .filter(hai -> hai.system().equals(system) && hai.code().equals(code))
        .findFirst()
        .orElse(null);
  }
}
