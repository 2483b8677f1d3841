package io.metriccare.generator;

import java.time.ZoneId;

/** An Organization of one tenant, with the Practitioner who attends its encounters. */
record SyntheticHospital(
    String tenantId, String id, String name, String ccn, String state, ZoneId zone, String practitionerId) {}
