package io.streamtune.e2e.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bodies over ingest's 4 MiB limit, one just over and one well over: one array per size, shared by every request
 * that sends it. None reaches the HTTP server's own 16 MiB limit, where it answers 413 and closes the connection at
 * once, while the JDK client is still writing (which then often sees the reset, not the answer).
 */
final class OversizedBodies {

    static final Integer[] SIZES = {4 * 1024 * 1024 + 1, 12_000_000};

    private static final Map<Integer, byte[]> BODIES = new ConcurrentHashMap<>();

    private OversizedBodies() {
    }

    /** {@code [{"label":"spam","text":"ttt…"}]}, exactly {@code size} bytes: a text over any model's limit. */
    static byte[] of(int size) {
        return BODIES.computeIfAbsent(size, s -> {
            byte[] head = "[{\"label\":\"spam\",\"text\":\"".getBytes(StandardCharsets.UTF_8);
            byte[] tail = "\"}]".getBytes(StandardCharsets.UTF_8);
            byte[] body = new byte[s];
            Arrays.fill(body, (byte) 't');
            System.arraycopy(head, 0, body, 0, head.length);
            System.arraycopy(tail, 0, body, s - tail.length, tail.length);
            return body;
        });
    }
}
