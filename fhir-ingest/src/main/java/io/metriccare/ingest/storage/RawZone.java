package io.metriccare.ingest.storage;

import java.time.LocalDate;
import java.util.UUID;

import org.springframework.stereotype.Component;

/** The raw zone: every accepted submission, as received, under its tenant's partition. */
@Component
public class RawZone {

    private final ObjectStore objectStore;

    public RawZone(ObjectStore objectStore) {
        this.objectStore = objectStore;
    }

    /** Stores the submission and returns its object key {@code raw/tenant=<id>/dt=<date>/<ingestion-id>.json[.gz]}. */
    public String store(String tenantId, LocalDate receivedOn, UUID ingestionId, byte[] body, boolean gzipped) {
        String key = "raw/tenant=%s/dt=%s/%s.json%s".formatted(tenantId, receivedOn, ingestionId, gzipped ? ".gz" : "");
        objectStore.put(key, body);
        return key;
    }

    /** Removes an object whose ledger row could not be committed, so no orphan is left behind. */
    public void discard(String key) {
        objectStore.delete(key);
    }
}
