package io.metriccare.generator;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/** A patient with every encounter and condition generated for them; {@code deceased} may be null. */
record SyntheticPatient(
    String tenantId,
    String id,
    String gender,
    LocalDate birthDate,
    OffsetDateTime deceased,
    List<SyntheticEncounter> encounters,
    List<SyntheticCondition> conditions) {}
