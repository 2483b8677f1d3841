package io.metriccare.api.security.local;

/** An ingest client with a secret just issued: the only time the secret is shown. */
public record IssuedIngestClient(IngestClient client, String clientSecret) {
}
