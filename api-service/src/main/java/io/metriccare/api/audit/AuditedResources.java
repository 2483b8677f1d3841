package io.metriccare.api.audit;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each audited route touches, by route pattern, with the route's variables filled in: one table in the
 * audit feature instead of an annotation on every controller method. A test checks that every /api and /fhir
 * route is listed, so a new endpoint cannot go unlabelled.
 */
final class AuditedResources {

    private static final Map<String, String> BY_ROUTE = Map.ofEntries(
            Map.entry("/fhir/{tenantId}", "bundle"),
            Map.entry("/fhir/{tenantId}/", "bundle"),
            Map.entry("/fhir/{tenantId}/Bundle", "bundle"),
            Map.entry("/fhir/{tenantId}/{resourceType:[A-Z][A-Za-z]+}", "resource:{resourceType}"),
            Map.entry("/fhir/{tenantId}/$import", "bulk-import"),
            Map.entry("/fhir/{tenantId}/$import-status/{jobId}", "bulk-import:{jobId}"),
            Map.entry("/api/v1/ingestions", "ingestions"),
            Map.entry("/api/v1/ingestions/{ingestionId}", "ingestion:{ingestionId}"),
            Map.entry("/api/v1/ingestions/{ingestionId}/validation", "ingestion:{ingestionId}/validation"),
            Map.entry("/api/v1/tenants", "tenants"),
            Map.entry("/api/v1/tenants/{tenantId}", "tenant:{tenantId}"),
            Map.entry("/api/v1/tenants/{tenantId}/suspend", "tenant:{tenantId}/suspend"),
            Map.entry("/api/v1/tenants/{tenantId}/reactivate", "tenant:{tenantId}/reactivate"),
            Map.entry("/api/v1/tenants/{tenantId}/purge", "tenant:{tenantId}/purge"),
            Map.entry("/api/v1/tenants/{tenantId}/settings", "tenant:{tenantId}/settings"),
            Map.entry("/api/v1/tenants/{tenantId}/hospitals", "hospitals"),
            Map.entry("/api/v1/tenants/{tenantId}/hospitals/{hospitalId}", "hospital:{hospitalId}"),
            Map.entry("/api/v1/tenants/{tenantId}/ingest-clients", "ingest-clients"),
            Map.entry("/api/v1/tenants/{tenantId}/ingest-clients/{clientId}", "ingest-client:{clientId}"),
            Map.entry("/api/v1/tenants/{tenantId}/ingest-clients/{clientId}/secret", "ingest-client:{clientId}/secret"),
            Map.entry("/api/v1/tenants/{tenantId}/webhooks", "webhooks"),
            Map.entry("/api/v1/tenants/{tenantId}/webhooks/{webhookId}", "webhook:{webhookId}"),
            Map.entry("/api/v1/tenants/{tenantId}/webhooks/{webhookId}/deliveries", "webhook:{webhookId}/deliveries"),
            Map.entry("/api/v1/etl/runs", "etl-runs"),
            Map.entry("/api/v1/etl/runs/{runId}", "etl-run:{runId}"),
            Map.entry("/api/v1/etl/runs/{runId}/log", "etl-run:{runId}/log"),
            Map.entry("/api/v1/etl/runs/{runId}/cancel", "etl-run:{runId}/cancel"),
            Map.entry("/api/v1/metrics/hospitals/{hospitalId}", "kpi:hospital/{hospitalId}"),
            Map.entry("/api/v1/metrics/hospitals/{hospitalId}/lineage", "kpi:hospital/{hospitalId}/lineage"),
            Map.entry("/api/v1/metrics/hospitals/{hospitalId}/hai-by-code", "kpi:hospital/{hospitalId}/hai-by-code"),
            Map.entry("/api/v1/audit", "audit"));

    private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)}");

    private AuditedResources() {
    }

    /** The resource a call of {@code route} touched; null for a route that is not listed (or no route: nothing matched). */
    static String of(String route, Map<String, String> variables) {
        String template = route == null ? null : BY_ROUTE.get(route);
        if (template == null) {
            return null;
        }
        Matcher matcher = VARIABLE.matcher(template);
        StringBuilder resource = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(resource, Matcher.quoteReplacement(variables.getOrDefault(matcher.group(1), "")));
        }
        return matcher.appendTail(resource).toString();
    }
}
