package io.streamtune.localstack.test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the JVM's real servers:
 * {@code @QuarkusTestResource(RealServersResource.class)}, or with
 * {@code initArgs = @ResourceArg(name = "servers", value = "kafka")} for a service that needs no S3.
 *
 * <p>The servers outlive each Quarkus application; they stop when the JVM exits.
 */
public class RealServersResource implements QuarkusTestResourceLifecycleManager {

    /** Init arg: which servers, comma-separated, among {@code kafka} and {@code s3}; both by default. */
    public static final String SERVERS_ARG = "servers";

    private List<String> servers = List.of("kafka", "s3");

    @Override
    public void init(Map<String, String> initArgs) {
        String value = initArgs.get(SERVERS_ARG);
        if (value == null) {
            return;
        }
        servers = List.of(value.replace(" ", "").split(","));
        for (String server : servers) {
            if (!server.equals("kafka") && !server.equals("s3")) {
                throw new IllegalArgumentException("Init arg " + SERVERS_ARG + " lists kafka and s3 only, not '" + server + "'.");
            }
        }
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        // the servers are ours: Quarkus must not start containers of its own
        config.put("quarkus.devservices.enabled", "false");
        config.put("quarkus.kafka.devservices.enabled", "false");
        if (servers.contains("kafka")) {
            config.put("kafka.bootstrap.servers", RealServers.kafka().bootstrapServers());
        }
        if (servers.contains("s3")) {
            S3Endpoint s3 = RealServers.s3();
            config.put("streamtune.s3.endpoint", s3.endpoint());
            config.put("streamtune.s3.access-key", s3.accessKey());
            config.put("streamtune.s3.secret-key", s3.secretKey());
            config.put("streamtune.s3.region", s3.region());
        }
        return config;
    }

    @Override
    public void stop() {
        // nothing: the JVM's servers serve every Quarkus application of the test run
    }
}
