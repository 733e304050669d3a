package io.streamtune.e2e.fuzz;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends the requests from a few threads over keep-alive HTTP/1.1 connections, each to its service, and tallies the
 * answers. A request the JDK client cannot even build is a generator bug, not an answer: it fails the run.
 */
public final class FuzzSender {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<FuzzRequest.Target, String> bases;

    /** @param bases each service's base URL, without a trailing slash */
    public FuzzSender(Map<FuzzRequest.Target, String> bases) {
        this.bases = Map.copyOf(bases);
    }

    public FuzzTally send(List<FuzzRequest> requests, int threads) throws InterruptedException {
        FuzzTally tally = new FuzzTally();
        AtomicInteger next = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        List<RuntimeException> bugs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
                    try {
                        send(requests.get(i), tally);
                    } catch (RuntimeException e) {
                        synchronized (bugs) {
                            bugs.add(new IllegalStateException("could not send " + requests.get(i).describe(), e));
                        }
                    }
                }
            }, "fuzz-" + t);
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
        if (!bugs.isEmpty()) {
            throw bugs.get(0);
        }
        return tally;
    }

    private void send(FuzzRequest r, FuzzTally tally) {
        HttpRequest.BodyPublisher body = r.chunked()
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(r.body()))
                : r.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(r.body());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(bases.get(r.target()) + r.path())).timeout(TIMEOUT)
                .method(r.method(), body);
        r.headers().forEach(b::header);
        HttpRequest request = b.build();
        try {
            HttpResponse<byte[]> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException stale) {
                // a pooled connection the server had closed (after a 414, say) fails the next request on it before a
                // byte is read; the client retries only idempotent methods by itself, so resend once, on a fresh one
                tally.resent(r, stale);
                response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            }
            tally.answered(r, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            tally.failed(r, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
