package io.streamtune.localstack;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/** Where the server programs are, as the build recorded it (see local-stack/pom.xml). */
public final class ServerArtifacts {

    private static final String REBUILD = " Build the module first: ./mvnw -pl local-stack -am install -DskipTests";

    private ServerArtifacts() {
    }

    /** The Kafka broker JVM's classpath: the broker jars plus kafka-clients' runtime codecs. */
    public static List<Path> kafkaClasspath() {
        Set<String> entries = new LinkedHashSet<>();
        for (String resource : List.of("broker.classpath", "runtime.classpath")) {
            for (String entry : readResource(resource).trim().split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    entries.add(entry);
                }
            }
        }
        List<Path> classpath = new ArrayList<>();
        for (String entry : entries) {
            classpath.add(existing(Path.of(entry), "A jar of the Kafka broker's classpath"));
        }
        return classpath;
    }

    /** S3Proxy's self-contained jar. */
    public static Path s3ProxyJar() {
        return existing(Path.of(servers().getProperty("s3proxy.jar")), "The S3Proxy jar");
    }

    /** The Kafka image Testcontainers runs where Docker is available. */
    public static String kafkaImage() {
        return servers().getProperty("kafka.image");
    }

    /** The pinned MinIO image Testcontainers runs where Docker is available. */
    public static String minioImage() {
        return servers().getProperty("minio.image");
    }

    /**
     * A classpath directory holding this module's launchers, {@link ParentWatchdog} and {@link KafkaMain}, written under
     * {@code dir}. Copied out of whatever class loader holds this module (a jar, a folder, Quarkus' test class loader),
     * so a child JVM always finds them as files. Each is one class file: no nested classes.
     */
    static Path launcherClasspath(Path dir) throws IOException {
        for (Class<?> launcher : List.of(ParentWatchdog.class, KafkaMain.class)) {
            String classFile = launcher.getSimpleName() + ".class";
            try (InputStream in = launcher.getResourceAsStream(classFile)) {
                if (in == null) {
                    throw new IOException(classFile + " is not readable from the class loader of local-stack.");
                }
                Path target = dir.resolve(launcher.getPackageName().replace('.', '/')).resolve(classFile);
                Files.createDirectories(target.getParent());
                Files.write(target, in.readAllBytes());
            }
        }
        return dir;
    }

    private static Properties servers() {
        Properties properties = new Properties();
        try (StringReader reader = new StringReader(readResource("servers.properties"))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static String readResource(String name) {
        try (InputStream in = ServerArtifacts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing next to " + ServerArtifacts.class.getName() + "." + REBUILD);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path existing(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(what + " is missing: " + file + "." + REBUILD);
        }
        return file;
    }
}
