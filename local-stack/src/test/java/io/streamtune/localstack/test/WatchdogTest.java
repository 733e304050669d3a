package io.streamtune.localstack.test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.localstack.Ports;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class WatchdogTest {

    @Test
    void aServerDiesWithItsParentJvmEvenOnKillMinus9() throws Exception {
        Path probeLog = Files.createTempFile("watchdog-probe", ".log");
        Process parent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), WatchdogProbe.class.getName())
                .redirectError(probeLog.toFile())
                .start();
        Path serverDir = null;
        try {
            String line;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
                line = out.readLine();
            }
            assertNotNull(line, "the probe printed its server; its stderr:\n" + Files.readString(probeLog));
            String[] child = line.split(" ");
            long childPid = Long.parseLong(child[1]);
            int port = URI.create(child[2]).getPort();
            serverDir = Path.of(child[3]);
            assertTrue(ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false));

            parent.destroyForcibly().waitFor();
            long killed = System.nanoTime();

            Optional<ProcessHandle> server = ProcessHandle.of(childPid);
            while (server.map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() - killed < 15_000_000_000L) {
                Thread.sleep(50);
            }
            assertFalse(server.map(ProcessHandle::isAlive).orElse(false), "the server's JVM halted with its parent");
            System.out.printf("server JVM gone %.2f s after its parent's kill -9%n", (System.nanoTime() - killed) / 1e9);
            assertFalse(Ports.isOpen(port), "nothing listens on the server's port any more");
        } finally {
            parent.destroyForcibly();
            Files.deleteIfExists(probeLog);
            if (serverDir != null) {
                try (Stream<Path> paths = Files.walk(serverDir)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
        }
    }
}
