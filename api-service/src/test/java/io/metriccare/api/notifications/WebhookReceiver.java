package io.metriccare.api.notifications;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver on a random local port: each path answers the statuses it was scripted with, in
 * order (the last one from then on), and every request is recorded with the time it arrived.
 */
final class WebhookReceiver implements AutoCloseable {

    record Received(long arrivedNanos, Headers headers, String body) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    private final HttpServer server;
    private final Map<String, List<Received>> received = new ConcurrentHashMap<>();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.start();
    }

    /** @return the URL of the new endpoint */
    String endpoint(String path, int... statuses) {
        Deque<Integer> script = new ArrayDeque<>();
        for (int status : statuses) {
            script.add(status);
        }
        List<Received> requests = new CopyOnWriteArrayList<>();
        received.put(path, requests);
        server.createContext(path, exchange -> {
            requests.add(new Received(System.nanoTime(), exchange.getRequestHeaders(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            int status;
            synchronized (script) {
                status = script.size() > 1 ? script.poll() : script.peek();
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        return "http://localhost:" + server.getAddress().getPort() + path;
    }

    List<Received> received(String path) {
        return List.copyOf(received.get(path));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
