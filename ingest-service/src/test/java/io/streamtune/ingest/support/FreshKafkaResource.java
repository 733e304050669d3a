package io.streamtune.ingest.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.localstack.test.KafkaEndpoint;
import io.streamtune.localstack.test.RealServers;
import io.streamtune.localstack.test.ServerHandle;
import java.util.Map;

/**
 * A broker of the test class's own, which the test may stop and start again (same port, same data), and a short
 * ack timeout so an outage is answered quickly. With the init arg {@value #DOWN_WITH_SPEC} = a model name, the broker
 * holds that model's spec and is stopped before the application starts.
 */
public class FreshKafkaResource implements QuarkusTestResourceLifecycleManager {

    // The test and this resource may see this class through different class loaders: the controls are JDK types
    // kept in the JVM-wide system properties.
    private static final String STOP = "streamtune.test.ingest.broker.stop";
    private static final String START = "streamtune.test.ingest.broker.start";
    private static final String BOOTSTRAP = "streamtune.test.ingest.broker.bootstrap";

    public static final String DOWN_WITH_SPEC = "down-with-spec";

    private ServerHandle<KafkaEndpoint> broker;
    private String downWithSpec;

    @Override
    public void init(Map<String, String> initArgs) {
        downWithSpec = initArgs.get(DOWN_WITH_SPEC);
    }

    /** Stops the test's broker cleanly; its data stays. */
    public static void stopBroker() {
        ((Runnable) System.getProperties().get(STOP)).run();
    }

    /** Starts the test's broker again on the same port and waits until it serves. */
    public static void startBroker() {
        ((Runnable) System.getProperties().get(START)).run();
    }

    public static String bootstrapServers() {
        return System.getProperty(BOOTSTRAP);
    }

    @Override
    public Map<String, String> start() {
        broker = RealServers.startFreshKafka();
        System.getProperties().put(STOP, (Runnable) broker::stop);
        System.getProperties().put(START, (Runnable) broker::start);
        System.setProperty(BOOTSTRAP, broker.endpoint().bootstrapServers());
        if (downWithSpec != null) {
            new TestKafka(broker.endpoint().bootstrapServers()).publishSpec(ModelSpec.of(downWithSpec,
                    LabelSet.closed("ham", "spam")));
            broker.stop();
        }
        return Map.of(
                "kafka.bootstrap.servers", broker.endpoint().bootstrapServers(),
                "quarkus.kafka.devservices.enabled", "false",
                "quarkus.devservices.enabled", "false",
                "streamtune.ingest.kafka.ack-timeout", "3s",
                "streamtune.ingest.kafka.retry-after", "2s",
                "streamtune.kafka.readiness-timeout", "1s");
    }

    @Override
    public void stop() {
        System.getProperties().remove(STOP);
        System.getProperties().remove(START);
        System.clearProperty(BOOTSTRAP);
        if (broker != null) {
            broker.close();
        }
    }
}
