package io.streamtune.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Apache Kafka broker in KRaft mode (broker and controller in one JVM) on 127.0.0.1. Storage is
 * formatted on the first start (in the broker's JVM, see {@link KafkaMain}); later starts reuse the data, so topics and
 * records survive a restart.
 *
 * <p>Secured (an operator port given): the client port speaks SASL_PLAINTEXT with SCRAM-SHA-512 and every request is
 * checked by Kafka's {@code StandardAuthorizer} against the ACLs (nothing is allowed without one), as in the Strimzi
 * deployment. The operator port is a PLAINTEXT listener on 127.0.0.1 whose anonymous principal is a super user: the
 * broker's own traffic and the operator's (creating SCRAM users, ACLs and topics) go through it.
 */
public final class KafkaServer extends ChildServer {

    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

    private final int port;
    private final int controllerPort;
    private final int operatorPort;

    /**
     * @param dir            holds {@code server.properties}, the log dirs under {@code data/}, the log and pid files
     * @param port           the client (PLAINTEXT) port
     * @param controllerPort the KRaft controller port
     * @param watchParent    halt the broker when this JVM exits (tests), or let it outlive this JVM (CLI)
     */
    public KafkaServer(Path dir, int port, int controllerPort, boolean watchParent) {
        this(dir, port, controllerPort, 0, watchParent);
    }

    /** @param operatorPort 0 for a broker without authentication, else the operator's PLAINTEXT port (secured) */
    public KafkaServer(Path dir, int port, int controllerPort, int operatorPort, boolean watchParent) {
        super("kafka", dir, watchParent);
        this.operatorPort = operatorPort == 0 ? 0 : Ports.checkPort("The Kafka operator port", operatorPort);
        this.port = Ports.checkPort("The Kafka port", port);
        this.controllerPort = Ports.checkPort("The Kafka controller port", controllerPort);
        if (port == controllerPort) {
            throw new IllegalArgumentException("The Kafka port and controller port must differ, both were " + port + ".");
        }
    }

    /** The value for a client's {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return Ports.LOOPBACK + ":" + port;
    }

    public boolean secured() {
        return operatorPort != 0;
    }

    /** The operator's PLAINTEXT listener of a secured broker (a super user), else the client port. */
    public String operatorBootstrapServers() {
        return secured() ? Ports.LOOPBACK + ":" + operatorPort : bootstrapServers();
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String address() {
        return bootstrapServers();
    }

    @Override
    protected Path configFile() {
        return dir().resolve("server.properties");
    }

    private Path dataDir() {
        return dir().resolve("data");
    }

    @Override
    protected void prepare() throws IOException {
        Files.createDirectories(dataDir());
        PropertiesFile.write(configFile(), "Written by local-stack at each start: one KRaft node on " + Ports.LOOPBACK,
                serverProperties());
    }

    private Map<String, String> serverProperties() {
        String plaintext = "PLAINTEXT://" + bootstrapServers();
        String controller = Ports.LOOPBACK + ":" + controllerPort;
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.bootstrap.servers", controller);
        p.put("controller.listener.names", "CONTROLLER");
        if (secured()) {
            String sasl = "SASL_PLAINTEXT://" + bootstrapServers();
            String operator = "OPERATOR://" + operatorBootstrapServers();
            p.put("listeners", sasl + "," + operator + ",CONTROLLER://" + controller);
            p.put("advertised.listeners", sasl + "," + operator);
            p.put("inter.broker.listener.name", "OPERATOR");
            p.put("listener.security.protocol.map",
                    "SASL_PLAINTEXT:SASL_PLAINTEXT,OPERATOR:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
            p.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            // the broker itself, the controller and the operator reach it over PLAINTEXT as ANONYMOUS
            p.put("super.users", "User:ANONYMOUS");
            p.put("allow.everyone.if.no.acl.found", "false");
        } else {
            p.put("listeners", plaintext + ",CONTROLLER://" + controller);
            p.put("advertised.listeners", plaintext);
            p.put("inter.broker.listener.name", "PLAINTEXT");
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        }
        p.put("log.dirs", dataDir().toString());
        // one broker: every internal topic has one replica, and one partition keeps start-up cheap
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "1");
        // a consumer group starts at once instead of waiting 3 s for more members
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        p.put("num.partitions", "1");
        return p;
    }

    @Override
    protected List<String> jvmOptions() {
        return List.of("-Xmx512m", C1_ONLY,
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd HH:mm:ss.SSS");
    }

    @Override
    protected List<Path> classpath() {
        return ServerArtifacts.kafkaClasspath();
    }

    @Override
    protected String mainClass() {
        return KafkaMain.class.getName();
    }

    /** The configuration, and a new cluster id while the storage is not formatted yet. */
    @Override
    protected List<String> arguments() {
        return Files.exists(dataDir().resolve("meta.properties"))
                ? List.of(configFile().toString())
                : List.of(configFile().toString(), Uuid.randomUuid().toString());
    }

    /** The broker has registered with its controller: describeCluster lists it. */
    @Override
    protected boolean answers() {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, operatorBootstrapServers());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CHECK_TIMEOUT.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CHECK_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(config)) {
            DescribeClusterOptions options = new DescribeClusterOptions().timeoutMs((int) CHECK_TIMEOUT.toMillis());
            return !admin.describeCluster(options).nodes().get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).isEmpty();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }
}
