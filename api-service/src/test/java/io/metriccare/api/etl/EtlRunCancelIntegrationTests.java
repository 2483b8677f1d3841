package io.metriccare.api.etl;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.metriccare.api.ApiIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cancelling runs, and killing the engine JVM, over the real port with the local engine: the serving
 * tables keep answering the previous results, the inputs stay unprocessed, and the next run computes
 * exactly what a run that was never interrupted computes.
 */
class EtlRunCancelIntegrationTests extends ApiIntegrationTest {

    @Autowired
    private EtlProperties etl;

    private static final String RUNS = "/api/v1/etl/runs/";
    private static final List<String> STAGES = List.of("bronze", "silver", "gold", "quality", "publish");
    private static final Pattern WORKER_PROCESS = Pattern.compile("Engine worker process (\\d+): run \\d+ of this process");
    private static final String HALF_YEAR = "/api/v1/metrics/hospitals/H1?from=2024-01-01&to=2024-06-30&grain=month&tenantId=";
    private static final String INTERRUPTED_SCOPE = """
            {"tenantIds": ["interrupted"], "dataThroughDates": {"interrupted": "2024-07-31"}}""";

    /**
     * Three more stays at H1 (KPI-SPEC §0-§4): P7 dies in E10 (02-10→02-14, 4 days); P8 is discharged from
     * E11 on 03-12 (2 days) and readmitted on day 13 in E12 (03-25→03-27, 2 days, an index stay itself).
     */
    private static final String MORE_STAYS = """
            {"resourceType": "Bundle", "type": "transaction", "entry": [
              {"fullUrl": "https://example.org/fhir/Patient/P7",
               "resource": {"resourceType": "Patient", "id": "P7", "gender": "male", "birthDate": "1940-02-11"},
               "request": {"method": "PUT", "url": "Patient/P7"}},
              {"fullUrl": "https://example.org/fhir/Patient/P8",
               "resource": {"resourceType": "Patient", "id": "P8", "gender": "female", "birthDate": "1966-08-23"},
               "request": {"method": "PUT", "url": "Patient/P8"}},
              %s, %s, %s
            ]}""".formatted(
            stay("E10", "P7", "2024-02-10", "2024-02-14", "exp"),
            stay("E11", "P8", "2024-03-10", "2024-03-12", "home"),
            stay("E12", "P8", "2024-03-25", "2024-03-27", "home"));

    @Test
    void cancel_ofAnUnknownRun_isNotFound() {
        UUID runId = UUID.randomUUID();

        HttpResponse<String> response = cancel(runId.toString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(api.json(response).get("detail").asString()).isEqualTo("Cannot find ETL run: no run has this id (" + runId + ")");
    }

    @Test
    void cancelledAndKilledRuns_leaveThePreviousResultsServed_andTheNextRunMatchesAnUninterruptedOne() throws IOException {
        createTenant("interrupted");
        createTenant("uninterrupted");
        ingest("interrupted", fixture());
        JsonNode first = api.runEtl(INTERRUPTED_SCOPE);
        assertThat(first.get("status").asString()).as(first.toString()).isEqualTo("succeeded");
        String firstRun = first.get("runId").asString();
        assertServesTheFixtureAlone(firstRun);

        HttpResponse<String> finished = cancel(firstRun);
        assertThat(finished.statusCode()).isEqualTo(409);
        assertThat(api.json(finished).get("detail").asString())
                .isEqualTo("Cannot cancel ETL run: it has already ended as succeeded (" + firstRun + ")");
        assertThat(api.json(finished).get("category").asString()).isEqualTo("conflict");

        String moreStays = ingest("interrupted", MORE_STAYS.getBytes(StandardCharsets.UTF_8));
        ingest("uninterrupted", fixture());
        ingest("uninterrupted", MORE_STAYS.getBytes(StandardCharsets.UTF_8));

        // Cancelled on request: a queued run never starts, a running one loses its engine mid-Bronze.
        String cancelledRun = api.startEtl(INTERRUPTED_SCOPE).get("runId").asString();
        String queuedRun = api.startEtl(INTERRUPTED_SCOPE).get("runId").asString();
        HttpResponse<String> dequeued = cancel(queuedRun);
        assertThat(dequeued.statusCode()).as(dequeued.body()).isEqualTo(200);
        assertThat(api.json(dequeued).get("status").asString()).isEqualTo("cancelled");
        awaitLogLine(cancelledRun, "Committed bronze/");
        assertProgressFrom(api.json(api.get(RUNS + cancelledRun)), 0);
        ProcessHandle engine = engineProcessOf(cancelledRun);
        List<ProcessHandle> engineChildren = engine.descendants().toList();
        assertThat(engine.pid()).as("the first run's worker, kept warm").isEqualTo(workerPidOf(firstRun));

        HttpResponse<String> cancelled = cancel(cancelledRun);

        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(api.json(cancelled).get("status").asString()).isEqualTo("cancelled");
        await().atMost(Duration.ofMinutes(1)).until(() -> !engine.isAlive() && engineChildren.stream().noneMatch(ProcessHandle::isAlive));
        JsonNode afterCancel = api.awaitEtlEnd(cancelledRun);
        assertThat(afterCancel.get("status").asString()).isEqualTo("cancelled");
        assertThat(afterCancel.has("finishedAt")).isTrue();
        JsonNode neverStarted = api.awaitEtlEnd(queuedRun);
        assertThat(neverStarted.get("status").asString()).isEqualTo("cancelled");
        assertThat(neverStarted.has("startedAt")).isFalse();
        assertThat(api.get(RUNS + queuedRun + "/log").statusCode()).isEqualTo(404);
        assertServesTheFixtureAlone(firstRun);
        assertThat(ingestionStatus("interrupted", moreStays)).isEqualTo("accepted");

        // Killed from outside after Bronze committed the new stays: the run fails, nothing is published.
        String killedRun = api.startEtl(INTERRUPTED_SCOPE).get("runId").asString();
        awaitLogLine(killedRun, "Stage bronze took");
        assertProgressFrom(api.json(api.get(RUNS + killedRun)), 25);
        ProcessHandle killedEngine = engineProcessOf(killedRun);
        assertThat(killedEngine.pid()).as("a new worker: the cancelled run's was killed").isNotEqualTo(engine.pid());
        killedEngine.destroyForcibly();

        JsonNode killed = api.awaitEtlEnd(killedRun);
        assertThat(killed.get("status").asString()).isEqualTo("failed");
        assertThat(killed.get("error").asString()).startsWith("Engine exited with code 137");
        assertServesTheFixtureAlone(firstRun);
        assertThat(ingestionStatus("interrupted", moreStays)).isEqualTo("accepted");

        JsonNode last = api.runEtl("""
                {"tenantIds": ["interrupted", "uninterrupted"],
                 "dataThroughDates": {"interrupted": "2024-07-31", "uninterrupted": "2024-07-31"}}""");

        assertThat(last.get("status").asString()).as(last.toString()).isEqualTo("succeeded");
        assertThat(workerPidOf(last.get("runId").asString())).isNotEqualTo(killedEngine.pid());
        JsonNode interrupted = api.json(api.get(HALF_YEAR + "interrupted"));
        assertThat(interrupted.get("runId").asString()).isEqualTo(last.get("runId").asString());
        assertThat(totals(interrupted, "mortality")).containsExactly(2L, 10L);
        assertThat(totals(interrupted, "readmission_30d")).containsExactly(2L, 7L);
        assertThat(totals(interrupted, "alos")).containsExactly(20L + 4 + 2 + 2, 11L);
        assertThat(totals(interrupted, "hai_rate")).containsExactly(0L, 20L + 4 + 2 + 2);
        JsonNode uninterrupted = api.json(api.get(HALF_YEAR + "uninterrupted"));
        assertThat(interrupted.get("periods")).isEqualTo(uninterrupted.get("periods"));
        assertThat(interrupted.get("total")).isEqualTo(uninterrupted.get("total"));
        assertThat(ingestionStatus("interrupted", moreStays)).isEqualTo("processed");
        // The killed run may have committed Gold without publishing it: the interrupted tenant's whole lineage
        // went out again, not only what the last run replaced.
        Path manifest = etl.workDir().toAbsolutePath().resolve(last.get("runId").asString()).resolve("manifest.json");
        assertThat(JsonMapper.builder().build().readTree(Files.readString(manifest)).get("lineageDeltaTenants")).isEmpty();
        for (String measure : List.of("mortality", "readmission_30d", "hai_rate", "alos")) {
            assertThat(lineageMembers("interrupted", measure)).as(measure)
                    .isNotEmpty()
                    .isEqualTo(lineageMembers("uninterrupted", measure));
        }
    }

    /** H1's lineage over Jan-Jun: encounter, month and contribution of each member. */
    private List<String> lineageMembers(String tenantId, String measure) {
        List<String> members = new ArrayList<>();
        api.json(api.get("/api/v1/metrics/hospitals/H1/lineage?from=2024-01-01&to=2024-06-30&measure=" + measure
                + "&tenantId=" + tenantId)).get("encounters").forEach(member -> members.add(member.toString()
                .replaceAll("\"ingestionId\":\"[^\"]*\"", "")));
        return members.stream().sorted().toList();
    }

    /** KPI-SPEC §7 over Jan-Jun, as published by the given run. */
    private void assertServesTheFixtureAlone(String runId) {
        JsonNode metrics = api.json(api.get(HALF_YEAR + "interrupted"));
        assertThat(metrics.get("runId").asString()).isEqualTo(runId);
        assertThat(totals(metrics, "mortality")).containsExactly(1L, 7L);
        assertThat(totals(metrics, "readmission_30d")).containsExactly(1L, 5L);
        assertThat(totals(metrics, "alos")).containsExactly(20L, 8L);
    }

    /** While running, the run reports the stage its progress implies, at least as far as the log already showed. */
    private static void assertProgressFrom(JsonNode run, int atLeast) {
        assertThat(run.get("status").asString()).isEqualTo("running");
        int progress = run.get("progress").asInt();
        assertThat(progress).isGreaterThanOrEqualTo(atLeast);
        assertThat(run.get("stage").asString()).isEqualTo(STAGES.get(progress / 25));
    }

    private void awaitLogLine(String runId, String text) {
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() -> {
            HttpResponse<String> log = api.get(RUNS + runId + "/log");
            return log.statusCode() == 200 && log.body().contains(text);
        });
    }

    /** The engine worker JVM that took a run: the first line the run logs names its process. */
    private ProcessHandle engineProcessOf(String runId) {
        return ProcessHandle.of(workerPidOf(runId))
                .orElseThrow(() -> new AssertionError("Engine worker process of run " + runId + " is gone"));
    }

    /** The pid of the engine worker that took a run, as the run's log names it. */
    private long workerPidOf(String runId) {
        Matcher worker = WORKER_PROCESS.matcher(api.get(RUNS + runId + "/log").body());
        assertThat(worker.find()).as("worker process named in the log of run " + runId).isTrue();
        return Long.parseLong(worker.group(1));
    }

    private HttpResponse<String> cancel(String runId) {
        return api.post(RUNS + runId + "/cancel", "application/json", new byte[0]);
    }

    private void createTenant(String tenantId) {
        assertThat(api.postJson("/api/v1/tenants", "{\"tenantId\":\"" + tenantId + "\",\"name\":\"" + tenantId + "\"}").statusCode())
                .isEqualTo(201);
    }

    private String ingest(String tenantId, byte[] bundle) {
        HttpResponse<String> ingested = api.post("/fhir/" + tenantId, "application/fhir+json", bundle);
        assertThat(ingested.statusCode()).as(ingested.body()).isEqualTo(202);
        return api.json(ingested).get("id").asString();
    }

    private String ingestionStatus(String tenantId, String ingestionId) {
        return api.json(api.get("/api/v1/ingestions/" + ingestionId + "?tenantId=" + tenantId)).get("status").asString();
    }

    private static List<Long> totals(JsonNode metrics, String measure) {
        for (JsonNode kpi : metrics.get("total")) {
            if (kpi.get("measure").asString().equals(measure)) {
                return List.of(kpi.get("numerator").asLong(), kpi.get("denominator").asLong());
            }
        }
        throw new AssertionError("No " + measure + " in " + metrics);
    }

    private static byte[] fixture() throws IOException {
        try (InputStream in = new ClassPathResource("demo/kpi-spec-section7-h1.json").getInputStream()) {
            return in.readAllBytes();
        }
    }

    private static String stay(String encounterId, String patientId, String admit, String discharge, String disposition) {
        return """
                {"fullUrl": "https://example.org/fhir/Encounter/%1$s",
                 "resource": {"resourceType": "Encounter", "id": "%1$s", "status": "finished",
                   "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "IMP"},
                   "subject": {"reference": "Patient/%2$s"},
                   "period": {"start": "%3$sT09:00:00Z", "end": "%4$sT11:00:00Z"},
                   "serviceProvider": {"reference": "Organization/H1"},
                   "hospitalization": {"dischargeDisposition": {"coding": [
                     {"system": "http://terminology.hl7.org/CodeSystem/discharge-disposition", "code": "%5$s"}]}}},
                 "request": {"method": "PUT", "url": "Encounter/%1$s"}}""".formatted(encounterId, patientId, admit, discharge, disposition);
    }
}
