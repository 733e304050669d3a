package io.streamtune.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's stack, end to end: start, start again, status, stop. The steps share one stack, in order. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackCliTest {

    private static final double START_BUDGET_SECONDS = 30;

    @TempDir
    static Path dir;
    static String[] options;
    static int kafkaPort;
    static int s3Port;
    static int controllerPort;

    @BeforeAll
    static void choosePorts() {
        kafkaPort = Ports.freePort();
        s3Port = Ports.freePort();
        controllerPort = Ports.freePort();
        options = new String[] {"--dir", dir.toString(), "--kafka-port", Integer.toString(kafkaPort),
                "--kafka-controller-port", Integer.toString(controllerPort), "--s3-port", Integer.toString(s3Port)};
    }

    @AfterAll
    static void stopWhateverRuns() {
        run("stop");
    }

    @Test
    @Order(1)
    void startBringsBothServersUpWithinBudgetAndWritesTheEndpoints() throws Exception {
        long began = System.nanoTime();
        Result start = run("start");
        double seconds = (System.nanoTime() - began) / 1e9;
        System.out.printf("local-stack start (format + Kafka + S3Proxy): %.1f s%n", seconds);

        assertEquals(LocalStackCli.OK, start.code(), start.toString());
        assertTrue(seconds < START_BUDGET_SECONDS, "started in " + seconds + " s, budget " + START_BUDGET_SECONDS + " s");
        assertTrue(Ports.isOpen(kafkaPort));
        assertTrue(Ports.isOpen(s3Port));
        StackEndpoints endpoints = StackEndpoints.read(dir);
        assertEquals("127.0.0.1:" + kafkaPort, endpoints.kafkaBootstrapServers());
        assertEquals("http://127.0.0.1:" + s3Port, endpoints.s3Endpoint());
        assertEquals("us-east-1", endpoints.s3Region());
        assertTrue(start.out().contains(endpoints.s3SecretKey()), start.out());
        assertTrue(Files.exists(dir.resolve("kafka/server.pid")));
        assertTrue(Files.exists(dir.resolve("s3/server.pid")));
        if (Listeners.available()) { // the sockets as the kernel has them, not the addresses the servers advertise
            for (int port : new int[] {kafkaPort, controllerPort, s3Port}) {
                assertEquals(null, Listeners.notLoopbackOnly(port));
            }
        }
    }

    @Test
    @Order(2)
    void startingAgainKeepsTheRunningServers() throws Exception {
        List<String> pids = pids();
        String secret = StackEndpoints.read(dir).s3SecretKey();

        Result again = run("start");

        assertEquals(LocalStackCli.OK, again.code(), again.toString());
        assertEquals(2, again.out().split("already running", -1).length - 1, again.out());
        assertEquals(pids, pids());
        assertEquals(secret, StackEndpoints.read(dir).s3SecretKey());
    }

    @Test
    @Order(3)
    void startingOnOtherPortsWhileRunningIsRefusedClearly() {
        Result moved = LocalStackCliTest.runWith("start", "--s3-port", Integer.toString(Ports.freePort()));

        assertEquals(LocalStackCli.FAILED, moved.code(), moved.toString());
        assertTrue(moved.err().contains("s3proxy already runs at http://127.0.0.1:" + s3Port), moved.err());
        assertTrue(moved.err().contains("Stop the stack first"), moved.err());
    }

    @Test
    @Order(4)
    void statusSaysBothRun() {
        Result status = run("status");

        assertEquals(LocalStackCli.OK, status.code(), status.toString());
        assertTrue(status.out().contains("kafka    running"), status.out());
        assertTrue(status.out().contains("s3proxy  running"), status.out());
    }

    @Test
    @Order(5)
    void stopEndsBothProcessesClosesThePortsAndRemovesThePidFiles() throws Exception {
        List<Long> pids = pids().stream().map(Long::parseLong).toList();

        Result stop = run("stop");

        assertEquals(LocalStackCli.OK, stop.code(), stop.toString());
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " is gone");
        }
        assertFalse(ProcessHandle.current().descendants()
                .anyMatch(p -> p.info().commandLine().orElse("").contains(dir.toString())), "no child of this JVM is left");
        assertFalse(Ports.isOpen(kafkaPort));
        assertFalse(Ports.isOpen(s3Port));
        assertFalse(Files.exists(dir.resolve("kafka/server.pid")));
        assertFalse(Files.exists(dir.resolve("s3/server.pid")));
        assertEquals(LocalStackCli.NOT_RUNNING, run("status").code());
    }

    private static List<String> pids() throws Exception {
        return List.of(Files.readString(dir.resolve("kafka/server.pid")), Files.readString(dir.resolve("s3/server.pid")));
    }

    private static Result run(String command) {
        return runWith(command);
    }

    private static Result runWith(String command, String... overrides) {
        String[] args = new String[1 + options.length + overrides.length];
        args[0] = command;
        System.arraycopy(options, 0, args, 1, options.length);
        System.arraycopy(overrides, 0, args, 1 + options.length, overrides.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LocalStackCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        Result result = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.print(result.out());
        System.out.print(result.err());
        return result;
    }

    record Result(int code, String out, String err) {
    }
}
