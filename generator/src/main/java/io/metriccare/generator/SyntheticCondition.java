package io.metriccare.generator;

import java.time.OffsetDateTime;

/** One generated Condition, always linked to its encounter. {@code verificationStatus} may be null. */
record SyntheticCondition(
    String id, String encounterId, String system, String code, String verificationStatus, OffsetDateTime onset) {}
