package io.streamtune.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A JDK HTTP server on the loopback standing in for the registry: handlers per path, requests counted and kept. */
final class FakeRegistry implements AutoCloseable {

    final HttpServer server;
    final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    final List<Map<String, String>> requestHeaders = new CopyOnWriteArrayList<>();

    FakeRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-registry");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void on(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            Map<String, String> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
            headers.put(":path", exchange.getRequestURI().getPath());
            requestHeaders.add(headers);
            try {
                handler.handle(exchange);
            } finally {
                exchange.close();
            }
        });
    }

    int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    static void send(HttpExchange e, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        send(e, status, contentType, bytes);
    }

    static void send(HttpExchange e, int status, String contentType, byte[] bytes) throws IOException {
        e.getResponseHeaders().set("Content-Type", contentType);
        e.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = e.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    static String problem(int status, String detail) {
        return "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":" + status + ",\"detail\":\"" + detail
                + "\",\"code\":\"not_found\"}";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
