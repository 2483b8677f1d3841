package io.metriccare.api.etl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stand-in for the EMR Serverless API on a loopback port: records every request and plays job runs
 * by a script — what a job does when it starts (given the StartJobRun body), then the states GetJobRun
 * reports in turn, the last one for good. CancelJobRun moves a job run to CANCELLING, then CANCELLED.
 * Like EMR, a StartJobRun with a client token already seen answers that job run instead of starting one.
 */
final class EmrServerlessStub implements AutoCloseable {

    record Request(String method, String path, JsonNode body) {
    }

    /** What a job does when it starts; when it throws (or an assertion fails), the job run fails with that as its state details. */
    interface Job {
        void start(JsonNode startJobRun) throws Exception;
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern JOB_RUNS = Pattern.compile("/applications/([^/]+)/jobruns(?:/([^/]+))?");

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String> jobRunIdsByClientToken = new ConcurrentHashMap<>();
    private final Map<String, Deque<String>> statesByJobRun = new ConcurrentHashMap<>();
    private final Map<String, String> detailsByJobRun = new ConcurrentHashMap<>();
    private final AtomicInteger started = new AtomicInteger();
    private volatile Job job = body -> {
    };
    private volatile List<String> states = List.of("SUCCESS");
    private volatile String stateDetails = "";

    private EmrServerlessStub(HttpServer server) {
        this.server = server;
    }

    static EmrServerlessStub start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            EmrServerlessStub stub = new EmrServerlessStub(server);
            server.createContext("/", stub::handle);
            server.start();
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How the job runs started from now on behave. */
    void script(Job job, String stateDetails, String... states) {
        this.job = job;
        this.stateDetails = stateDetails;
        this.states = List.of(states);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The job run started with this client token, if any. */
    String jobRunIdOf(String clientToken) {
        return jobRunIdsByClientToken.get(clientToken);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            JsonNode body = body(exchange.getRequestBody());
            requests.add(new Request(method, path, body));
            Matcher matcher = JOB_RUNS.matcher(path);
            if (!matcher.matches()) {
                respond(exchange, 404, JSON.createObjectNode().put("message", "No such resource: " + path));
                return;
            }
            String applicationId = matcher.group(1);
            String jobRunId = matcher.group(2);
            if (jobRunId == null && method.equals("POST")) {
                respond(exchange, 200, jobRunIds(applicationId, startJobRun(body)));
            } else if (jobRunId != null && statesByJobRun.containsKey(jobRunId) && method.equals("GET")) {
                respond(exchange, 200, JSON.createObjectNode().set("jobRun", jobRunIds(applicationId, jobRunId)
                        .put("state", nextState(jobRunId))
                        .put("stateDetails", detailsByJobRun.get(jobRunId))));
            } else if (jobRunId != null && statesByJobRun.containsKey(jobRunId) && method.equals("DELETE")) {
                statesByJobRun.put(jobRunId, new ArrayDeque<>(List.of("CANCELLING", "CANCELLED")));
                detailsByJobRun.put(jobRunId, "Job run cancelled by request");
                respond(exchange, 200, jobRunIds(applicationId, jobRunId));
            } else {
                respond(exchange, 404, JSON.createObjectNode().put("message", "No such job run: " + path));
            }
        }
    }

    private String startJobRun(JsonNode body) {
        String clientToken = body.path("clientToken").asString();
        String known = jobRunIdsByClientToken.get(clientToken);
        if (known != null) {
            return known;
        }
        String jobRunId = "jr-" + started.incrementAndGet();
        jobRunIdsByClientToken.put(clientToken, jobRunId);
        detailsByJobRun.put(jobRunId, stateDetails);
        statesByJobRun.put(jobRunId, new ArrayDeque<>(states));
        try {
            job.start(body);
        } catch (Exception | AssertionError e) {
            statesByJobRun.put(jobRunId, new ArrayDeque<>(List.of("FAILED")));
            detailsByJobRun.put(jobRunId, "Stub job failed: " + e);
        }
        return jobRunId;
    }

    private String nextState(String jobRunId) {
        Deque<String> remaining = statesByJobRun.get(jobRunId);
        synchronized (remaining) {
            return remaining.size() > 1 ? remaining.poll() : remaining.peek();
        }
    }

    private static ObjectNode jobRunIds(String applicationId, String jobRunId) {
        return JSON.createObjectNode()
                .put("applicationId", applicationId)
                .put("jobRunId", jobRunId)
                .put("arn", "arn:aws:emr-serverless:us-east-1:123456789012:/applications/" + applicationId + "/jobruns/" + jobRunId);
    }

    private static JsonNode body(InputStream in) throws IOException {
        byte[] bytes = in.readAllBytes();
        return bytes.length == 0 ? null : JSON.readTree(bytes);
    }

    private static void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
