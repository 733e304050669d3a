package io.streamtune.localstack;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * How to reach a running local stack; {@code <dir>/endpoints.properties} holds it for other processes (the demo).
 *
 * @param kafkaBootstrapServers {@code kafka.bootstrap.servers}
 * @param s3Endpoint            {@code s3.endpoint}
 * @param s3AccessKey           {@code s3.access-key}
 * @param s3SecretKey           {@code s3.secret-key}
 * @param s3Region              {@code s3.region}
 */
public record StackEndpoints(String kafkaBootstrapServers, String s3Endpoint, String s3AccessKey, String s3SecretKey,
                             String s3Region) {

    /** The file name under the stack's directory. */
    public static final String FILE_NAME = "endpoints.properties";

    public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    public static final String S3_ENDPOINT = "s3.endpoint";
    public static final String S3_ACCESS_KEY = "s3.access-key";
    public static final String S3_SECRET_KEY = "s3.secret-key";
    public static final String S3_REGION = "s3.region";

    public StackEndpoints {
        requireText(KAFKA_BOOTSTRAP_SERVERS, kafkaBootstrapServers);
        requireText(S3_ENDPOINT, s3Endpoint);
        requireText(S3_ACCESS_KEY, s3AccessKey);
        requireText(S3_SECRET_KEY, s3SecretKey);
        requireText(S3_REGION, s3Region);
    }

    /** Reads {@code <stackDir>/endpoints.properties}. */
    public static StackEndpoints read(Path stackDir) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(stackDir.resolve(FILE_NAME))) {
            p.load(in);
        }
        return new StackEndpoints(p.getProperty(KAFKA_BOOTSTRAP_SERVERS), p.getProperty(S3_ENDPOINT),
                p.getProperty(S3_ACCESS_KEY), p.getProperty(S3_SECRET_KEY), p.getProperty(S3_REGION));
    }

    /** Writes {@code <stackDir>/endpoints.properties}. */
    public void write(Path stackDir) throws IOException {
        PropertiesFile.write(stackDir.resolve(FILE_NAME), "Endpoints of the local stack (bin/local-stack)", asMap());
    }

    /** The five keys and their values, in this order. */
    public Map<String, String> asMap() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(KAFKA_BOOTSTRAP_SERVERS, kafkaBootstrapServers);
        p.put(S3_ENDPOINT, s3Endpoint);
        p.put(S3_ACCESS_KEY, s3AccessKey);
        p.put(S3_SECRET_KEY, s3SecretKey);
        p.put(S3_REGION, s3Region);
        return p;
    }

    private static void requireText(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must not be blank.");
        }
    }
}
