package io.streamtune.e2e.stack;

import io.streamtune.contracts.Topics;
import io.streamtune.localstack.StackEndpoints;
import io.streamtune.localstack.test.KafkaEndpoint;
import io.streamtune.localstack.test.KafkaUsers;
import io.streamtune.localstack.test.RealServers;
import io.streamtune.localstack.test.S3Endpoint;
import io.streamtune.localstack.test.SecuredKafkaEndpoint;
import io.streamtune.localstack.test.ServerHandle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A private stack for one IT: a Kafka broker and an S3 server of its own (so the services' fixed consumer groups and
 * buckets start empty), and the four services on free loopback ports, all halted with the test JVM.
 */
final class TestStack implements AutoCloseable {

    /** The shared topics, created by the operator on a secured broker (Strimzi's KafkaTopics; the services may not). */
    static final List<String> SHARED_TOPICS = List.of(Topics.MODELS, Topics.CHECKPOINTS, Topics.EVALUATIONS,
            Topics.PROMOTIONS, Topics.MONITORING, Topics.QUARANTINES, Topics.DLQ);

    final ServerHandle<?> kafka;
    final ServerHandle<S3Endpoint> s3;
    final StackEndpoints endpoints;
    final StreamtuneServices services;
    /** Where the test's own clients connect: the broker itself, or a secured broker's operator listener. */
    final String testBootstrapServers;

    private TestStack(ServerHandle<?> kafka, ServerHandle<S3Endpoint> s3, StreamtuneServices services,
            StackEndpoints endpoints, String testBootstrapServers) {
        this.kafka = kafka;
        this.s3 = s3;
        this.services = services;
        this.endpoints = endpoints;
        this.testBootstrapServers = testBootstrapServers;
    }

    /** Starts the servers, then the services configured by {@code configure}, and waits for them. */
    static TestStack start(Path dir, String model, java.util.function.Consumer<StreamtuneServices.Builder> configure) {
        return start(dir, model, List.of(StreamtuneService.values()), configure);
    }

    /** As {@link #start}, starting only {@code which} of the services (none: the test starts them later). */
    static TestStack start(Path dir, String model, List<StreamtuneService> which,
            java.util.function.Consumer<StreamtuneServices.Builder> configure) {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            ServerHandle<KafkaEndpoint> kafka = RealServers.startFreshKafka();
            started.add(kafka);
            String bootstrap = kafka.endpoint().bootstrapServers();
            return startServices(dir, model, started, kafka, bootstrap, bootstrap, which, configure);
        } catch (RuntimeException e) {
            throw closing(started, e);
        }
    }

    /**
     * As {@link #start}, on a broker with SASL/SCRAM and ACLs holding the Strimzi overlay's {@code KafkaUser}s
     * ({@code k8s/overlays/strimzi/users.yaml}): each service connects as its own principal, with only the rights
     * the file gives it, and the operator creates the shared topics first, as Strimzi's KafkaTopics would.
     */
    static TestStack startSecured(Path dir, String model,
            java.util.function.Consumer<StreamtuneServices.Builder> configure) {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            ServerHandle<SecuredKafkaEndpoint> kafka = RealServers.startSecuredKafka();
            started.add(kafka);
            SecuredKafkaEndpoint k = kafka.endpoint();
            Map<String, String> passwords = KafkaUsers.read(StreamtuneService.repository()
                    .resolve("k8s/overlays/strimzi/users.yaml")).apply(k);
            try (Admin operator = Admin.create(k.operatorProperties())) {
                operator.createTopics(SHARED_TOPICS.stream().map(t -> new NewTopic(t, 1, (short) 1)).toList()).all()
                        .get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("could not create the shared topics", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return startServices(dir, model, started, kafka, k.bootstrapServers(), k.operatorBootstrapServers(),
                    List.of(StreamtuneService.values()), b -> {
                        for (StreamtuneService s : StreamtuneService.values()) {
                            String user = s.module(); // the KafkaUser of a service is named after its module
                            k.clientProperties(user, passwords.get(user)).forEach((key, value) -> b.set(s, "kafka."
                                    + key, String.valueOf(value)));
                        }
                        configure.accept(b);
                    });
        } catch (RuntimeException e) {
            throw closing(started, e);
        }
    }

    /** S3, then the services on {@code bootstrap}; whatever starts is added to {@code started}. */
    private static TestStack startServices(Path dir, String model, List<AutoCloseable> started, ServerHandle<?> kafka,
            String bootstrap, String testBootstrap, List<StreamtuneService> which,
            java.util.function.Consumer<StreamtuneServices.Builder> configure) {
        ServerHandle<S3Endpoint> s3 = RealServers.startFreshS3();
        started.add(s3);
        S3Endpoint e = s3.endpoint();
        StackEndpoints endpoints = new StackEndpoints(bootstrap, e.endpoint(),
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
        services.start(System.out, which);
        System.out.printf("services started in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        return new TestStack(kafka, s3, services, endpoints, testBootstrap);
    }

    /** Stops what was started, newest first, and returns {@code e} to throw. */
    private static RuntimeException closing(List<AutoCloseable> started, RuntimeException e) {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
        }
        return e;
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
