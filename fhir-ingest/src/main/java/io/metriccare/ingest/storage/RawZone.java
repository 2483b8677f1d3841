package io.metriccare.ingest.storage;

import java.time.LocalDate;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

/** The raw zone: every accepted submission, as received, under its tenant's partition. */
@Component
public class RawZone {

    /** What a tenant id must look like to name a prefix: nothing that could step out of it. */
    private static final Pattern TENANT_SEGMENT = Pattern.compile("[A-Za-z0-9_-]+");

    private final ObjectStore objectStore;

    public RawZone(ObjectStore objectStore) {
        this.objectStore = objectStore;
    }

    /** Stores the submission and returns its object key {@code raw/tenant=<id>/dt=<date>/<ingestion-id>.json[.gz]}. */
    public String store(String tenantId, LocalDate receivedOn, UUID ingestionId, byte[] body, boolean gzipped) {
        String key = "%sdt=%s/%s.json%s".formatted(tenantPrefix(tenantId), receivedOn, ingestionId, gzipped ? ".gz" : "");
        objectStore.put(key, body);
        return key;
    }

    /** Deletes every raw object of the tenant, everything under {@code raw/tenant=<id>/}; returns how many. */
    public long purge(String tenantId) {
        return objectStore.deleteAll(tenantPrefix(tenantId));
    }

    /** Removes an object whose ledger row could not be committed, so no orphan is left behind. */
    public void discard(String key) {
        objectStore.delete(key);
    }

    private static String tenantPrefix(String tenantId) {
        if (tenantId == null || !TENANT_SEGMENT.matcher(tenantId).matches()) {
            throw new IllegalArgumentException("Cannot address raw zone: invalid tenant id (" + tenantId + ")");
        }
        return "raw/tenant=" + tenantId + "/";
    }
}
