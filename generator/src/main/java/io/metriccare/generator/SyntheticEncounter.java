package io.metriccare.generator;

import java.time.OffsetDateTime;

/**
 * One generated Encounter. Timestamps keep the offset they are written with, which need not be the
 * hospital's own: the instant is what counts.
 *
 * @param end null for an {@code in-progress} stay
 * @param dispositionSystem null when no disposition is recorded
 * @param admitSource {@code hosp-trans} or null
 */
record SyntheticEncounter(
    String id,
    SyntheticHospital hospital,
    String status,
    String classCode,
    OffsetDateTime start,
    OffsetDateTime end,
    String dispositionSystem,
    String dispositionCode,
    String admitSource) {}
