package io.streamtune.localstack.test;

import io.streamtune.localstack.ChildServer;
import io.streamtune.localstack.KafkaServer;
import io.streamtune.localstack.LocalStack;
import io.streamtune.localstack.Ports;
import io.streamtune.localstack.S3ProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real servers for tests, one Kafka broker and one S3-compatible server per JVM, each started on first use.
 *
 * <p>Where Docker runs they are Testcontainers ({@code apache/kafka}, MinIO); elsewhere they are child JVMs of this
 * module on free 127.0.0.1 ports, with data in a temporary directory. {@code -Dstreamtune.test.servers} (or the
 * environment variable {@code STREAMTUNE_TEST_SERVERS}) = {@code local}, {@code docker} or {@code auto} (the default)
 * forces a side. They stop when the JVM exits, and a child JVM also halts when this JVM is killed.
 *
 * <p>Tests that stop, crash or restart a server take their own with {@link #startFreshKafka()} or
 * {@link #startFreshS3()}; those are always local child JVMs, so a restart keeps the port and the data.
 */
public final class RealServers {

    public static final String MODE_PROPERTY = "streamtune.test.servers";
    public static final String MODE_ENV = "STREAMTUNE_TEST_SERVERS";

    // Endpoints are published as system properties, which are JVM-wide: a second class loader (Quarkus loads tests
    // in its own) finds the servers instead of starting more. Setting them up front points tests at servers of one's own.
    public static final String KAFKA_BOOTSTRAP_SERVERS = "streamtune.test.kafka.bootstrap-servers";
    public static final String S3_ENDPOINT = "streamtune.test.s3.endpoint";
    public static final String S3_ACCESS_KEY = "streamtune.test.s3.access-key";
    public static final String S3_SECRET_KEY = "streamtune.test.s3.secret-key";
    public static final String S3_REGION = "streamtune.test.s3.region";
    public static final String S3_KIND = "streamtune.test.s3.kind";

    // A string literal is interned: every class loader's copy of this class locks the same object.
    private static final Object JVM_LOCK = "io.streamtune.localstack.test.RealServers";
    private static final Set<ServerHandle<?>> OPEN = ConcurrentHashMap.newKeySet();
    private static final String TEST_ACCESS_KEY = "streamtune-test";
    private static Boolean docker;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(RealServers::closeAll, "real-servers-shutdown"));
    }

    private RealServers() {
    }

    /** The JVM's Kafka broker, started on first use. */
    public static KafkaEndpoint kafka() {
        synchronized (JVM_LOCK) {
            String published = System.getProperty(KAFKA_BOOTSTRAP_SERVERS);
            if (published != null) {
                return new KafkaEndpoint(published);
            }
            KafkaEndpoint endpoint = usesDocker() ? DockerServers.kafka() : startFreshKafka().endpoint();
            System.setProperty(KAFKA_BOOTSTRAP_SERVERS, endpoint.bootstrapServers());
            return endpoint;
        }
    }

    /** The JVM's S3-compatible server, started on first use. */
    public static S3Endpoint s3() {
        synchronized (JVM_LOCK) {
            String published = System.getProperty(S3_ENDPOINT);
            if (published != null) {
                return new S3Endpoint(published, System.getProperty(S3_ACCESS_KEY), System.getProperty(S3_SECRET_KEY),
                        System.getProperty(S3_REGION, LocalStack.REGION), System.getProperty(S3_KIND, S3Endpoint.S3PROXY));
            }
            S3Endpoint endpoint = usesDocker() ? DockerServers.s3() : startFreshS3().endpoint();
            System.setProperty(S3_ACCESS_KEY, endpoint.accessKey());
            System.setProperty(S3_SECRET_KEY, endpoint.secretKey());
            System.setProperty(S3_REGION, endpoint.region());
            System.setProperty(S3_KIND, endpoint.kind());
            System.setProperty(S3_ENDPOINT, endpoint.endpoint());
            return endpoint;
        }
    }

    /** A Kafka broker of the caller's own, on new ports with empty data; close it when done. */
    public static ServerHandle<KafkaEndpoint> startFreshKafka() {
        Path dir = tempDir("streamtune-kafka-");
        KafkaServer server = new KafkaServer(dir, Ports.freePort(), Ports.freePort(), true);
        return started(server, new KafkaEndpoint(server.bootstrapServers()));
    }

    /**
     * A Kafka broker of the caller's own with SASL/SCRAM authentication and ACL authorization, as the Strimzi
     * deployment runs it, on new ports with empty data: no user, no ACL (so no client may do anything) until the
     * caller's operator adds them. Always a local broker, even where Docker runs. Close it when done.
     */
    public static ServerHandle<SecuredKafkaEndpoint> startSecuredKafka() {
        Path dir = tempDir("streamtune-kafka-sasl-");
        KafkaServer server = new KafkaServer(dir, Ports.freePort(), Ports.freePort(), Ports.freePort(), true);
        return started(server, new SecuredKafkaEndpoint(server.bootstrapServers(), server.operatorBootstrapServers()));
    }

    /** An S3Proxy of the caller's own, on a new port with no buckets; close it when done. */
    public static ServerHandle<S3Endpoint> startFreshS3() {
        Path dir = tempDir("streamtune-s3-");
        S3ProxyServer server = new S3ProxyServer(dir, Ports.freePort(), TEST_ACCESS_KEY, S3ProxyServer.newSecretKey(), true);
        return started(server, new S3Endpoint(server.endpoint(), server.accessKey(), server.secretKey(),
                LocalStack.REGION, S3Endpoint.S3PROXY));
    }

    /** Whether {@link #kafka()} and {@link #s3()} run in Docker here; decided once per class loader. */
    public static boolean usesDocker() {
        synchronized (JVM_LOCK) {
            if (docker == null) {
                docker = switch (mode()) {
                    case "local" -> false;
                    case "docker" -> {
                        if (!DockerServers.available()) {
                            throw new IllegalStateException(MODE_PROPERTY + "=docker, but no Docker daemon is reachable.");
                        }
                        yield true;
                    }
                    default -> DockerServers.available();
                };
            }
            return docker;
        }
    }

    private static String mode() {
        String value = System.getProperty(MODE_PROPERTY, System.getenv(MODE_ENV));
        String mode = value == null || value.isBlank() ? "auto" : value.trim().toLowerCase(Locale.ROOT);
        if (!List.of("local", "docker", "auto").contains(mode)) {
            throw new IllegalArgumentException(MODE_PROPERTY + " (or " + MODE_ENV + ") must be local, docker or auto, was '"
                    + value + "'.");
        }
        return mode;
    }

    private static <E> ServerHandle<E> started(ChildServer server, E endpoint) {
        ServerHandle<E> handle = new ServerHandle<>(server, endpoint, OPEN::remove);
        OPEN.add(handle);
        try {
            handle.start();
        } catch (RuntimeException e) {
            handle.close();
            throw e;
        }
        return handle;
    }

    private static void closeAll() {
        OPEN.forEach(ServerHandle::close);
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
