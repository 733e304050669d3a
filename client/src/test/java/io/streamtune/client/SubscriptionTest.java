package io.streamtune.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The champion subscription against a fake event stream: reconnects, Last-Event-ID, generation dedupe. */
class SubscriptionTest {

    private static final String EVENTS = "/api/v1/models/spam/events";

    @TempDir
    Path cache;

    private FakeRegistry fake;
    private RegistryClient client;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        fake = new FakeRegistry();
        client = RegistryClient.builder(fake.uri()).cacheDir(cache)
                .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(200)).build();
    }

    @AfterEach
    void stop() {
        release.countDown();
        client.close();
        fake.close();
    }

    @Test
    void reconnectsWithLastEventIdAndTellsEachGenerationOnceInOrder() throws Exception {
        AtomicInteger connection = new AtomicInteger();
        fake.on(EVENTS, e -> {
            int n = connection.incrementAndGet();
            OutputStream out = open(e);
            switch (n) {
                case 1 -> {
                    // no champion yet, then a first promotion, then the stream breaks
                    write(out, null, "champion", "{\"model\":\"spam\",\"version\":null,\"checkpointId\":null,"
                            + "\"generation\":0}");
                    write(out, "ev-1", "promotion", move(1, "ck-1", null, "PROMOTION", 1));
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                case 2 -> {
                    // the state again (already told), a stale move (told), a new one, then a break mid-stream
                    write(out, "ev-1", "champion", "{\"model\":\"spam\",\"version\":1,\"checkpointId\":\"ck-1\","
                            + "\"generation\":1}");
                    write(out, "ev-1", "promotion", move(1, "ck-1", null, "PROMOTION", 1));
                    write(out, "ev-2", "promotion", move(2, "ck-2", 1, "PROMOTION", 2));
                }
                case 3 -> e.sendResponseHeaders(503, -1); // the store is down for one try
                default -> {
                    write(out, "ev-3", "champion", "{\"model\":\"spam\",\"version\":1,\"checkpointId\":\"ck-1\","
                            + "\"generation\":3}");
                    write(out, "ev-2", "promotion", move(2, "ck-2", 1, "PROMOTION", 2));
                    write(out, "ev-4", "rollback", move(1, "ck-1", 1, "ROLLBACK", 4));
                    awaitRelease();
                }
            }
        });
        List<ChampionEvent> told = new CopyOnWriteArrayList<>();
        List<Throwable> disconnects = new CopyOnWriteArrayList<>();
        CountDownLatch fourth = new CountDownLatch(1);
        Subscription s = client.subscribe("spam", new ChampionListener() {
            @Override
            public void onChampion(ChampionEvent event) {
                told.add(event);
                if (event.generation() == 4) {
                    fourth.countDown();
                }
            }

            @Override
            public void onDisconnected(Throwable cause, Duration retryIn) {
                disconnects.add(cause);
            }
        });
        try {
            assertTrue(fourth.await(10, TimeUnit.SECONDS), "told so far: " + told);
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L), told.stream().map(ChampionEvent::generation).toList());
            assertFalse(told.get(0).hasChampion());
            assertEquals(ChampionEvent.Kind.PROMOTION, told.get(1).kind());
            assertEquals(new ModelVersion("spam", 2, "ck-2"), told.get(2).modelVersion());
            assertEquals(Integer.valueOf(1), told.get(2).previousVersion());
            assertEquals(ChampionEvent.Kind.CHAMPION, told.get(3).kind());
            assertEquals(ChampionEvent.Kind.ROLLBACK, told.get(4).kind());
            assertEquals("ev-4", told.get(4).eventId());
            assertEquals(3, disconnects.size(), "two closed streams and one 503: " + disconnects);
            assertTrue(s.connected());
            assertEquals(4, s.generation());
            assertEquals("ev-4", s.lastEventId());

            List<String> lastIds = fake.requestHeaders.stream().filter(h -> h.get(":path").equals(EVENTS))
                    .map(h -> h.get("last-event-id")).toList();
            assertEquals(4, lastIds.size());
            assertNull(lastIds.get(0), "the first connect has no Last-Event-ID");
            assertEquals("ev-1", lastIds.get(1));
            assertEquals("ev-2", lastIds.get(2));
            assertEquals("ev-2", lastIds.get(3), "the 503 carried no event");
            assertEquals("text/event-stream", fake.requestHeaders.get(0).get("accept"));
        } finally {
            s.close();
        }
        assertFalse(s.connected());
        int connections = connection.get();
        Thread.sleep(400);
        assertEquals(connections, connection.get(), "no reconnect after close");
    }

    @Test
    void startsAfterTheGenerationGivenAndBacksOffWhileTheModelIsMissing() throws Exception {
        AtomicInteger connection = new AtomicInteger();
        List<Long> at = new CopyOnWriteArrayList<>();
        fake.on(EVENTS, e -> {
            at.add(System.nanoTime());
            if (connection.incrementAndGet() <= 4) {
                FakeRegistry.send(e, 404, "application/problem+json", FakeRegistry.problem(404, "Model spam does not exist."));
                return;
            }
            OutputStream out = open(e);
            write(out, "ev-5", "champion", "{\"model\":\"spam\",\"version\":5,\"checkpointId\":\"ck-5\",\"generation\":5}");
            write(out, "ev-6", "promotion", move(6, "ck-6", 5, "PROMOTION", 6));
            awaitRelease();
        });
        List<ChampionEvent> told = new CopyOnWriteArrayList<>();
        CountDownLatch got = new CountDownLatch(1);
        try (Subscription s = client.subscribe("spam", 5, ev -> {
            told.add(ev);
            got.countDown();
        })) {
            assertTrue(got.await(10, TimeUnit.SECONDS));
            Thread.sleep(100);
            assertEquals(List.of(6L), told.stream().map(ChampionEvent::generation).toList(), "generation 5 was served");
            // waits between tries: 50, 100, 200, 200 ms less up to 20 % jitter; the cap holds
            for (int i = 1; i < at.size(); i++) {
                long ms = (at.get(i) - at.get(i - 1)) / 1_000_000;
                assertTrue(ms >= 35, "wait " + i + " was " + ms + " ms");
                assertTrue(ms < 1500, "wait " + i + " was " + ms + " ms");
            }
        }
    }

    @Test
    void closingTheClientClosesItsSubscriptions() throws Exception {
        AtomicInteger connection = new AtomicInteger();
        CountDownLatch open = new CountDownLatch(1);
        fake.on(EVENTS, e -> {
            connection.incrementAndGet();
            OutputStream out = open(e);
            write(out, "ev-1", "champion", "{\"model\":\"spam\",\"version\":1,\"checkpointId\":\"ck-1\",\"generation\":1}");
            open.countDown();
            awaitRelease();
        });
        Subscription s = client.subscribe("spam", ev -> { });
        assertTrue(open.await(10, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!s.connected() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(s.connected());
        client.close();
        assertFalse(s.connected());
        Thread.sleep(400);
        assertEquals(1, connection.get(), "no reconnect once the client is closed");
    }

    private static String move(int version, String checkpoint, Integer previous, String kind, long generation) {
        return "{\"eventId\":\"ev-" + generation + "\",\"model\":\"spam\",\"version\":" + version
                + ",\"checkpointId\":\"" + checkpoint + "\",\"previousVersion\":" + previous + ",\"kind\":\"" + kind
                + "\",\"generation\":" + generation + ",\"at\":\"2026-12-01T10:00:00Z\"}";
    }

    private static OutputStream open(HttpExchange e) throws IOException {
        e.getResponseHeaders().set("Content-Type", "text/event-stream");
        e.sendResponseHeaders(200, 0);
        return e.getResponseBody();
    }

    private static void write(OutputStream out, String id, String event, String data) throws IOException {
        String s = (id == null ? "" : "id: " + id + "\n") + "event: " + event + "\ndata: " + data + "\n\n";
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void awaitRelease() {
        try {
            release.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
        }
    }
}
