package io.metriccare.api.etl;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the engine job reads: the contract of {@code io.metriccare.etl.EtlMain --manifest} (see etl-engine/README.md).
 */
record RunManifest(
        UUID runId,
        String profile,
        String sparkMaster,
        String lakeRoot,
        String outputLocation,
        List<String> tenants,
        Map<String, LocalDate> dataThroughDates,
        List<Input> inputs,
        String glueDatabase) {

    record Input(UUID ingestionId, String tenantId, String objectKey, Instant receivedAt) {
    }
}
