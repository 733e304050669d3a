package io.streamtune.localstack;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3ProxyServerTest {

    @Test
    void aTakenPortIsReportedBeforeAnythingIsLaunched(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(Ports.LOOPBACK))) {
            S3ProxyServer server = new S3ProxyServer(dir, taken.getLocalPort(), "key", "secret", true);

            ServerStartException e = assertThrows(ServerStartException.class, server::start);

            assertTrue(e.getMessage().contains("port " + taken.getLocalPort() + " on 127.0.0.1 is already taken"),
                    e.getMessage());
            assertTrue(server.running().isEmpty());
            assertTrue(Files.notExists(server.pidFile()));
        }
    }

    @Test
    void blankCredentialsAreRefused(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new S3ProxyServer(dir, 9000, "key", " ", false));

        assertTrue(e.getMessage().equals("The S3 secret key must not be blank."), e.getMessage());
    }
}
