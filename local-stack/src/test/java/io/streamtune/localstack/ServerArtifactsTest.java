package io.streamtune.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerArtifactsTest {

    @Test
    void theBrokerClasspathHoldsTheBrokerItsCodecsAndOneLoggerButNoTestSupport() {
        List<String> jars = ServerArtifacts.kafkaClasspath().stream().map(path -> path.getFileName().toString()).toList();

        for (String needed : List.of("kafka_2.13-", "kafka-server-", "kafka-clients-", "slf4j-api-", "slf4j-simple-",
                "jackson-annotations-", "zstd-jni-", "lz4-java-", "snappy-java-")) {
            assertTrue(jars.stream().anyMatch(jar -> jar.startsWith(needed)), needed + " is on " + jars);
        }
        for (String unwanted : List.of("testcontainers", "docker-java", "junit", "quarkus", "minio", "okhttp")) {
            assertFalse(jars.stream().anyMatch(jar -> jar.contains(unwanted)), unwanted + " is not on " + jars);
        }
    }

    @Test
    void theS3ProxyJarAndTheImagesAreKnown() {
        assertTrue(Files.isRegularFile(ServerArtifacts.s3ProxyJar()));
        assertTrue(ServerArtifacts.kafkaImage().startsWith("apache/kafka:"), ServerArtifacts.kafkaImage());
        assertTrue(ServerArtifacts.minioImage().startsWith("quay.io/minio/minio:RELEASE."), ServerArtifacts.minioImage());
    }

    @Test
    void theLaunchersAreTheirOwnClasspathOfOneClassFileEach(@TempDir Path dir) throws Exception {
        Path classpath = ServerArtifacts.launcherClasspath(dir);

        try (var files = Files.walk(classpath)) {
            assertEquals(Set.of(classpath.resolve("io/streamtune/localstack/ParentWatchdog.class"),
                            classpath.resolve("io/streamtune/localstack/KafkaMain.class")),
                    files.filter(Files::isRegularFile).collect(Collectors.toSet()));
        }
    }
}
