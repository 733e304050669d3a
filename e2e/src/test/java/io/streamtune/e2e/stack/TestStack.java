package io.streamtune.e2e.stack;

import io.streamtune.localstack.StackEndpoints;
import io.streamtune.localstack.test.KafkaEndpoint;
import io.streamtune.localstack.test.RealServers;
import io.streamtune.localstack.test.S3Endpoint;
import io.streamtune.localstack.test.ServerHandle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A private stack for one IT: a Kafka broker and an S3 server of its own (so the services' fixed consumer groups and
 * buckets start empty), and the four services on free loopback ports, all halted with the test JVM.
 */
final class TestStack implements AutoCloseable {

    final ServerHandle<KafkaEndpoint> kafka;
    final ServerHandle<S3Endpoint> s3;
    final StackEndpoints endpoints;
    final StreamtuneServices services;

    private TestStack(ServerHandle<KafkaEndpoint> kafka, ServerHandle<S3Endpoint> s3, StreamtuneServices services,
            StackEndpoints endpoints) {
        this.kafka = kafka;
        this.s3 = s3;
        this.services = services;
        this.endpoints = endpoints;
    }

    /** Starts the servers, then the services configured by {@code configure}, and waits for them. */
    static TestStack start(Path dir, String model, java.util.function.Consumer<StreamtuneServices.Builder> configure) {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            ServerHandle<KafkaEndpoint> kafka = RealServers.startFreshKafka();
            started.add(kafka);
            ServerHandle<S3Endpoint> s3 = RealServers.startFreshS3();
            started.add(s3);
            S3Endpoint e = s3.endpoint();
            StackEndpoints endpoints = new StackEndpoints(kafka.endpoint().bootstrapServers(), e.endpoint(),
                    e.accessKey(), e.secretKey(), e.region());
            StreamtuneServices.Builder b = StreamtuneServices.builder(dir, endpoints).watchParent(true)
                    .trainerModels(List.of(model)).startTimeout(Duration.ofMinutes(4))
                    // a new model's held-out topic is found within a second, not ten
                    .set(StreamtuneService.EVALUATOR, "streamtune.evaluator.heldout.topic-discovery-ms", "1000")
                    .set(StreamtuneService.EVALUATOR, "streamtune.evaluator.heldout.save-every", "5s")
                    .set(StreamtuneService.TRAINER, "streamtune.trainer.device", "cpu");
            for (StreamtuneService s : StreamtuneService.values()) {
                b.port(s, freePort());
            }
            configure.accept(b);
            StreamtuneServices services = b.build();
            started.add(services);
            long t0 = System.nanoTime();
            services.startAll(System.out);
            System.out.printf("services started in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            return new TestStack(kafka, s3, services, endpoints);
        } catch (RuntimeException e) {
            for (int i = started.size() - 1; i >= 0; i--) {
                try {
                    started.get(i).close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            services.close();
        } finally {
            try {
                s3.close();
            } finally {
                kafka.close();
            }
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
