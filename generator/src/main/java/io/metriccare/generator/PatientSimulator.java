package io.metriccare.generator;

import static io.metriccare.generator.SpecCodeLists.HL7_DISPOSITION;
import static io.metriccare.generator.SpecCodeLists.NUBC_DISPOSITION;
import static io.metriccare.generator.SpecCodeLists.SNOMED;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Simulates one patient's year: inpatient stays (some same-day, some crossing months, some
 * continued after a transfer, some readmitted around day 30), ED and ambulatory visits, HAI and
 * other conditions, and deaths recorded by each of the three KPI-SPEC §0 signals. Each patient has
 * their own random stream, so the output does not depend on bundle size or generation order.
 */
final class PatientSimulator {

  private static final ZoneOffset[] FOREIGN_OFFSETS = {ZoneOffset.ofHours(2), ZoneOffset.ofHours(-5), ZoneOffset.UTC};

  private final GeneratorSettings settings;
  private final List<SyntheticHospital> hospitals;
  private final long tenantSeed;

  PatientSimulator(GeneratorSettings settings, List<SyntheticHospital> hospitals, int tenantNumber) {
    this.settings = settings;
    this.hospitals = List.copyOf(hospitals);
    this.tenantSeed = settings.seed() * 1_000_003L + tenantNumber;
  }

  SyntheticPatient simulate(int patientNumber) {
    SplittableRandom random = new SplittableRandom(tenantSeed * 0x9E3779B97F4A7C15L + patientNumber);
    String patientId = String.format("p-%07d", patientNumber);
    Timeline timeline = new Timeline(random, patientId);
    timeline.run();
    return new SyntheticPatient(
        hospitals.get(0).tenantId(), patientId, random.nextBoolean() ? "female" : "male",
        LocalDate.of(1930 + random.nextInt(90), 1 + random.nextInt(12), 1 + random.nextInt(28)),
        timeline.deceased, timeline.encounters, timeline.conditions);
  }

  private final class Timeline {
    private final SplittableRandom random;
    private final String patientId;
    private final List<SyntheticEncounter> encounters = new ArrayList<>();
    private final List<SyntheticCondition> conditions = new ArrayList<>();
    private OffsetDateTime deceased;

    Timeline(SplittableRandom random, String patientId) {
      this.random = random;
      this.patientId = patientId;
    }

    void run() {
      SyntheticHospital home = hospitals.get(random.nextInt(hospitals.size()));
      SyntheticHospital hospital = home;
      long span = ChronoUnit.DAYS.between(settings.from(), settings.to()) + 1;
      LocalDate day = settings.from().plusDays(random.nextLong(span));
      String admitSource = null;
      boolean nextIsInpatient = false;
      boolean dead = false;
      int episodes = 1 + random.nextInt(5);
      OffsetDateTime lastDischarge = null;
      for (int episode = 0; episode < episodes && !dead && !day.isAfter(settings.to()); episode++) {
        String encounterId = patientId.replace("p-", "e-") + "-" + episode;
        double kind = random.nextDouble();
        if (!nextIsInpatient && kind < 0.3) {
          visit(encounterId, hospital, day, kind < 0.18 ? "EMER" : kind < 0.26 ? "AMB" : "OBSENC");
          day = day.plusDays(5 + random.nextInt(90));
          hospital = random.nextDouble() < 0.8 ? home : other(hospital);
          continue;
        }
        Stay stay = stay(encounterId, hospital, day, admitSource);
        if (stay.encounter.end() == null) {
          break;
        }
        lastDischarge = stay.encounter.end();
        dead = stay.isDeath;
        boolean transferred = stay.disposition == Disposition.TRANSFER || stay.disposition == Disposition.OTHER_FACILITY;
        if (transferred && random.nextDouble() < 0.7) {
          hospital = other(hospital);
          day = stay.dischargeDay.plusDays(random.nextInt(2));
          admitSource = SpecCodeLists.CONTINUATION_ADMIT_SOURCE;
          nextIsInpatient = true;
        } else if (random.nextDouble() < 0.35) {
          hospital = random.nextDouble() < 0.8 ? home : other(hospital);
          day = stay.dischargeDay.plusDays(random.nextDouble() < 0.35 ? 29 + random.nextInt(3) : random.nextInt(45));
          admitSource = random.nextDouble() < 0.08 ? SpecCodeLists.CONTINUATION_ADMIT_SOURCE : null;
          nextIsInpatient = random.nextBoolean();
        } else {
          hospital = random.nextDouble() < 0.8 ? home : other(hospital);
          day = stay.dischargeDay.plusDays(30 + random.nextInt(170));
          admitSource = null;
          nextIsInpatient = false;
        }
      }
      // Some patients die later at home: a date of death after the last discharge is no in-hospital death.
      if (!dead && deceased == null && lastDischarge != null && random.nextDouble() < 0.03) {
        OffsetDateTime later = lastDischarge.plusDays(1 + random.nextInt(60));
        if (!later.toLocalDate().isAfter(settings.to())) {
          deceased = later;
        }
      }
    }

    private void visit(String encounterId, SyntheticHospital hospital, LocalDate day, String classCode) {
      OffsetDateTime start = written(hospital, day, LocalTime.of(6 + random.nextInt(14), random.nextInt(60)));
      encounters.add(new SyntheticEncounter(encounterId, hospital, "finished", classCode, start,
          start.plusMinutes(30 + random.nextInt(360)), null, null, null));
    }

    private Stay stay(String encounterId, SyntheticHospital hospital, LocalDate admitDay, String admitSource) {
      LocalTime admitTime = timeOfDay();
      int los = random.nextDouble() < 0.12 && admitTime.isBefore(LocalTime.of(20, 0))
          ? 0 : 1 + random.nextInt(random.nextDouble() < 0.8 ? 7 : 25);
      LocalDate dischargeDay = admitDay.plusDays(los);
      LocalTime dischargeTime = los == 0
          ? admitTime.plusMinutes(30 + random.nextInt(200))
          : timeOfDay();
      OffsetDateTime start = written(hospital, admitDay, admitTime);
      String classCode = random.nextDouble() < 0.06 ? (random.nextBoolean() ? "ACUTE" : "NONAC") : "IMP";
      if (dischargeDay.isAfter(settings.to())) {
        // Still in hospital on the data-through date: counts toward patient-days only.
        SyntheticEncounter inProgress = new SyntheticEncounter(
            encounterId, hospital, "in-progress", classCode, start, null, null, null, admitSource);
        encounters.add(inProgress);
        return new Stay(inProgress, dischargeDay, Disposition.HOME, false);
      }
      OffsetDateTime end = written(hospital, dischargeDay, dischargeTime);
      double statusDraw = random.nextDouble();
      String status = statusDraw < 0.02 ? "entered-in-error" : statusDraw < 0.03 ? "cancelled" : "finished";
      Disposition disposition = Disposition.draw(random);
      boolean isDeath = disposition == Disposition.EXPIRED;
      double deathDraw = random.nextDouble();
      if (!isDeath && deathDraw < 0.015) {
        long minutes = Math.max(1, Duration.between(start, end).toMinutes());
        deceased = written(hospital, start.plusMinutes(random.nextLong(minutes)));
        isDeath = true;
      } else if (!isDeath && deathDraw < 0.03) {
        conditions.add(new SyntheticCondition(encounterId + "-death", encounterId, SNOMED, SpecCodeLists.DEATH_SNOMED,
            "confirmed", written(hospital, dischargeDay, dischargeTime.minusMinutes(random.nextInt(30)))));
        isDeath = true;
      }
      String[] dispositionCoding = disposition.coding(random);
      SyntheticEncounter encounter = new SyntheticEncounter(encounterId, hospital, status, classCode, start, end,
          dispositionCoding[0], dispositionCoding[1], admitSource);
      encounters.add(encounter);
      addConditions(encounterId, hospital, admitDay, los);
      return new Stay(encounter, dischargeDay, disposition, isDeath && !status.equals("entered-in-error"));
    }

    /** HAI conditions on hospital days 1–6 (present on admission on day 1–2), some not counted by status. */
    private void addConditions(String encounterId, SyntheticHospital hospital, LocalDate admitDay, int los) {
      if (random.nextDouble() < 0.1) {
        conditions.add(new SyntheticCondition(encounterId + "-dx", encounterId, SNOMED, "44054006", "confirmed",
            written(hospital, admitDay, timeOfDay())));
      }
      if (random.nextDouble() >= 0.2) {
        return;
      }
      int count = 1 + random.nextInt(3);
      SpecCodeLists.HaiCode code = SpecCodeLists.HAI_CODES.get(random.nextInt(SpecCodeLists.HAI_CODES.size()));
      for (int n = 0; n < count; n++) {
        if (n > 0 && random.nextBoolean()) {
          code = SpecCodeLists.HAI_CODES.get(random.nextInt(SpecCodeLists.HAI_CODES.size()));
        }
        int hospitalDay = 1 + random.nextInt(random.nextDouble() < 0.85 ? 6 : Math.max(6, los + 3));
        conditions.add(new SyntheticCondition(encounterId + "-hai" + n, encounterId, code.system(), code.code(),
            verificationStatus(), written(hospital, admitDay.plusDays(hospitalDay - 1L), timeOfDay())));
      }
    }

    private String verificationStatus() {
      double draw = random.nextDouble();
      return draw < 0.06 ? "refuted" : draw < 0.12 ? "entered-in-error" : draw < 0.17 ? "unconfirmed"
          : draw < 0.22 ? null : "confirmed";
    }

    /** A third of times fall within an hour of local midnight, where offsets decide the date. */
    private LocalTime timeOfDay() {
      double draw = random.nextDouble();
      if (draw < 0.15) {
        return LocalTime.of(23, random.nextInt(60));
      }
      if (draw < 0.3) {
        return LocalTime.of(0, random.nextInt(60));
      }
      return LocalTime.of(1 + random.nextInt(22), random.nextInt(60));
    }

    private OffsetDateTime written(SyntheticHospital hospital, LocalDate day, LocalTime time) {
      return written(hospital, ZonedDateTime.of(day, time, hospital.zone()).toOffsetDateTime());
    }

    /** The same instant, written with the hospital's own offset or with one of +02:00, -05:00, Z. */
    private OffsetDateTime written(SyntheticHospital hospital, OffsetDateTime instant) {
      if (random.nextDouble() < 0.4) {
        return instant.atZoneSameInstant(hospital.zone()).toOffsetDateTime();
      }
      return instant.withOffsetSameInstant(FOREIGN_OFFSETS[random.nextInt(FOREIGN_OFFSETS.length)]);
    }

    private SyntheticHospital other(SyntheticHospital hospital) {
      int index = hospitals.indexOf(hospital);
      return hospitals.get((index + 1 + random.nextInt(hospitals.size() - 1)) % hospitals.size());
    }
  }

  private record Stay(SyntheticEncounter encounter, LocalDate dischargeDay, Disposition disposition, boolean isDeath) {}

  /** Disposition categories, each written in HL7 or NUBC (sometimes unpadded) coding. */
  private enum Disposition {
    HOME, EXPIRED, AGAINST_ADVICE, TRANSFER, OTHER_FACILITY, NONE;

    static Disposition draw(SplittableRandom random) {
      double draw = random.nextDouble();
      return draw < 0.05 ? EXPIRED : draw < 0.09 ? AGAINST_ADVICE : draw < 0.16 ? TRANSFER
          : draw < 0.21 ? OTHER_FACILITY : draw < 0.23 ? NONE : HOME;
    }

    String[] coding(SplittableRandom random) {
      boolean hl7 = random.nextBoolean();
      return switch (this) {
        case HOME -> hl7 ? new String[] {HL7_DISPOSITION, "home"} : new String[] {NUBC_DISPOSITION, "01"};
        case EXPIRED -> hl7 ? new String[] {HL7_DISPOSITION, "exp"}
            : new String[] {NUBC_DISPOSITION, new String[] {"20", "40", "41", "42"}[random.nextInt(4)]};
        case AGAINST_ADVICE -> hl7 ? new String[] {HL7_DISPOSITION, "aadvice"} : new String[] {NUBC_DISPOSITION, "7"};
        case TRANSFER -> hl7 ? new String[] {HL7_DISPOSITION, "hosp"}
            : new String[] {NUBC_DISPOSITION, random.nextBoolean() ? "02" : "2"};
        case OTHER_FACILITY -> hl7 ? new String[] {HL7_DISPOSITION, "other-hcf"} : new String[] {NUBC_DISPOSITION, "03"};
        case NONE -> new String[] {null, null};
      };
    }
  }
}
