package io.streamtune.kit.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.localstack.test.RealServers;
import io.streamtune.localstack.test.S3Endpoint;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.S3ArtifactStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** The readiness check against the real S3 server, one with wrong keys, and one that never answers. */
class S3ReadinessIT {

    @Test
    void upWhileTheServerAnswers() {
        S3Endpoint s3 = RealServers.s3();
        try (ArtifactStore store = new S3ArtifactStore(config(s3.endpoint(), s3.secretKey(), "3s").settings())) {
            store.ensureBuckets();
            HealthCheckResponse response = new S3Readiness(store, config(s3.endpoint(), s3.secretKey(), "3s")).call();
            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            assertThat(response.getName()).isEqualTo("S3 object store");
            assertThat(response.getData().orElseThrow()).containsEntry("endpoint", s3.endpoint());
        }
    }

    @Test
    void downWithWrongKeys() {
        S3Endpoint s3 = RealServers.s3();
        S3Config wrong = config(s3.endpoint(), s3.secretKey() + "-wrong", "3s");
        try (ArtifactStore store = new S3ArtifactStore(wrong.settings())) {
            HealthCheckResponse response = new S3Readiness(store, wrong).call();
            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(response.getData().orElseThrow().get("error")).isNotNull();
        }
    }

    @Test
    void downWithinTheTimeoutWhenTheServerNeverAnswers() throws IOException {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept()); // accepts, reads nothing, answers nothing
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            S3Config config = config("http://127.0.0.1:" + silent.getLocalPort(), "secret", "500ms");
            try (ArtifactStore store = new S3ArtifactStore(config.settings())) {
                S3Readiness check = new S3Readiness(store, config);
                for (int probe = 0; probe < 2; probe++) { // the second waits on the first, still hung, probe
                    long start = System.nanoTime();
                    HealthCheckResponse response = check.call();
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
                    assertThat(response.getData().orElseThrow().get("error")).isEqualTo("no answer within PT0.5S");
                    assertThat(took).isLessThan(Duration.ofSeconds(3));
                }
                check.stop();
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    private static S3Config config(String endpoint, String secret, String timeout) {
        S3Endpoint s3 = RealServers.s3();
        return new S3Config() {
            @Override
            public URI endpoint() {
                return URI.create(endpoint);
            }

            @Override
            public String accessKey() {
                return s3.accessKey();
            }

            @Override
            public String secretKey() {
                return secret;
            }

            @Override
            public String region() {
                return s3.region();
            }

            @Override
            public String checkpointsBucket() {
                return "kit-ready-checkpoints";
            }

            @Override
            public String modelsBucket() {
                return "kit-ready-models";
            }

            @Override
            public Duration readinessTimeout() {
                return parse(timeout);
            }
        };
    }

    private static Duration parse(String t) {
        return t.endsWith("ms") ? Duration.ofMillis(Long.parseLong(t.replace("ms", "")))
                : Duration.ofSeconds(Long.parseLong(t.replace("s", "")));
    }
}
