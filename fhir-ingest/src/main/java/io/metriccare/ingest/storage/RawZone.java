package io.metriccare.ingest.storage;

import java.time.LocalDate;
import java.util.UUID;

import io.metriccare.tenancy.TenantId;
import org.springframework.stereotype.Component;

/** The raw zone: every accepted submission, as received, under its tenant's partition. */
@Component
public class RawZone {

    private final ObjectStore objectStore;

    public RawZone(ObjectStore objectStore) {
        this.objectStore = objectStore;
    }

    /**
     * Stores the submission and returns its object key {@code raw/tenant=<id>/dt=<date>/<ingestion-id>.json[.gz]}.
     * The tenant id is checked here too, so no key can leave its tenant's partition whatever the caller passed.
     */
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

    /** Only a valid {@link TenantId} ever becomes a path segment ({@code InvalidTenantIdException} otherwise). */
    private static String tenantPrefix(String tenantId) {
        return "raw/tenant=" + new TenantId(tenantId) + "/";
    }
}
