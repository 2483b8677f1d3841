package io.metriccare.api.demo;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A small, deterministic demo population: hospitals, patients and their inpatient and emergency
 * stays through one year, with deaths, transfers, AMA discharges, readmissions and hospital-acquired
 * infections mixed in. Demo data only: the KPI test generator with ground truth is a separate tool.
 */
final class DemoPopulation {

    private static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    private static final String DISPOSITION = "http://terminology.hl7.org/CodeSystem/discharge-disposition";
    private static final String SNOMED = "http://snomed.info/sct";
    private static final String[] HAI_CODES = {"68566005", "433202001", "186431008"};

    private final Random random;
    private final int year;

    DemoPopulation(long seed, int year) {
        this.random = new Random(seed);
        this.year = year;
    }

    /** One transaction Bundle holding the hospitals, then one per batch of patients. */
    List<Bundle> bundles(List<Organization> hospitals, int patients, int patientsPerBundle) {
        List<Bundle> bundles = new ArrayList<>();
        bundles.add(transaction(new ArrayList<>(hospitals)));
        List<Resource> batch = new ArrayList<>();
        for (int p = 1; p <= patients; p++) {
            batch.addAll(patientWithStays("DP" + p, hospitals.get(random.nextInt(hospitals.size()))));
            if (p % patientsPerBundle == 0 || p == patients) {
                bundles.add(transaction(batch));
                batch = new ArrayList<>();
            }
        }
        return bundles;
    }

    static Organization hospital(String id, String name, String ccn, String state) {
        Organization organization = new Organization();
        organization.setId(id);
        organization.setName(name);
        organization.addIdentifier().setSystem("http://www.cms.gov/CCN").setValue(ccn);
        organization.addAddress().setState(state).setCountry("US");
        return organization;
    }

    private List<Resource> patientWithStays(String patientId, Organization hospital) {
        List<Resource> resources = new ArrayList<>();
        Patient patient = new Patient();
        patient.setId(patientId);
        patient.setGender(random.nextBoolean() ? AdministrativeGender.FEMALE : AdministrativeGender.MALE);
        patient.setBirthDateElement(new DateType(
                LocalDate.of(1930 + random.nextInt(70), 1 + random.nextInt(12), 1 + random.nextInt(28)).toString()));
        resources.add(patient);

        ZonedDateTime admit = ZonedDateTime.of(year, 1, 1, 8, 0, 0, 0, ZoneOffset.UTC).plusHours(random.nextInt(300 * 24));
        int stays = 1 + random.nextInt(3);
        for (int s = 1; s <= stays && admit.getYear() == year; s++) {
            String encounterId = patientId + "-E" + s;
            boolean emergencyOnly = random.nextInt(6) == 0;
            int losDays = emergencyOnly ? 0 : random.nextInt(9);
            ZonedDateTime discharge = admit.plusDays(losDays).plusHours(2 + random.nextInt(8));
            String disposition = emergencyOnly ? null : disposition();
            resources.add(encounter(encounterId, patientId, hospital, admit, discharge, emergencyOnly ? "EMER" : "IMP", disposition));
            if (!emergencyOnly && losDays >= 4 && random.nextInt(5) == 0) {
                resources.add(infection(encounterId + "-C1", patientId, encounterId, admit.plusDays(2 + random.nextInt(losDays - 2))));
            }
            if ("exp".equals(disposition)) {
                patient.setDeceased(new DateTimeType(Date.from(discharge.toInstant())));
                break;
            }
            admit = discharge.plusDays(random.nextInt(4) == 0 ? 3 + random.nextInt(30) : 40 + random.nextInt(120));
        }
        return resources;
    }

    private String disposition() {
        int roll = random.nextInt(100);
        return roll < 4 ? "exp" : roll < 7 ? "aadvice" : roll < 10 ? "hosp" : "home";
    }

    private static Encounter encounter(String id, String patientId, Organization hospital, ZonedDateTime admit,
                                       ZonedDateTime discharge, String classCode, String disposition) {
        Encounter encounter = new Encounter();
        encounter.setId(id);
        encounter.setStatus(Encounter.EncounterStatus.FINISHED);
        encounter.setClass_(new Coding(ACT_CODE, classCode, null));
        encounter.setSubject(new Reference("Patient/" + patientId));
        encounter.setServiceProvider(new Reference("Organization/" + hospital.getIdPart()));
        encounter.setPeriod(new Period().setStart(Date.from(admit.toInstant())).setEnd(Date.from(discharge.toInstant())));
        if (disposition != null) {
            encounter.getHospitalization().setDischargeDisposition(new CodeableConcept(new Coding(DISPOSITION, disposition, null)));
        }
        return encounter;
    }

    private Condition infection(String id, String patientId, String encounterId, ZonedDateTime onset) {
        Condition condition = new Condition();
        condition.setId(id);
        condition.setSubject(new Reference("Patient/" + patientId));
        condition.setEncounter(new Reference("Encounter/" + encounterId));
        condition.setCode(new CodeableConcept(new Coding(SNOMED, HAI_CODES[random.nextInt(HAI_CODES.length)], null)));
        condition.setVerificationStatus(new CodeableConcept(
                new Coding("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", null)));
        condition.setOnset(new DateTimeType(Date.from(onset.toInstant())));
        return condition;
    }

    private static Bundle transaction(List<Resource> resources) {
        Bundle bundle = new Bundle().setType(BundleType.TRANSACTION);
        for (Resource resource : resources) {
            String url = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
            bundle.addEntry().setFullUrl("https://demo.metriccare.invalid/fhir/" + url).setResource(resource)
                    .getRequest().setMethod(HTTPVerb.PUT).setUrl(url);
        }
        return bundle;
    }
}
