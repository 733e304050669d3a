package io.streamtune.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.deploy.DeployedKafkaUsers;
import io.streamtune.deploy.Repository;
import io.streamtune.localstack.test.SecuredKafkaEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Compose's {@code compose/kafka-init.sh} run for real: the script the kafka-init service runs, on a broker secured as
 * Compose's is (SASL/SCRAM-SHA-512 listeners, a PLAINTEXT operator listener, StandardAuthorizer), through the
 * kafka-*.sh tools' own classes. Its users then pass the same checks as Strimzi's.
 */
class ComposeKafkaInitIT extends DeployedKafkaUsers {

    /** The classes behind the image's /opt/kafka/bin scripts the init script calls. */
    private static final Map<String, String> TOOLS = Map.of(
            "kafka-broker-api-versions.sh", "org.apache.kafka.tools.BrokerApiVersionsCommand",
            "kafka-topics.sh", "org.apache.kafka.tools.TopicCommand",
            "kafka-configs.sh", "kafka.admin.ConfigCommand",
            "kafka-acls.sh", "org.apache.kafka.tools.AclCommand");

    @Override
    protected Map<String, String> deploy(SecuredKafkaEndpoint kafka) throws Exception {
        Path bin = Files.createTempDirectory("kafka-bin-");
        String java = ProcessHandle.current().info().command().orElse("java");
        for (Map.Entry<String, String> tool : TOOLS.entrySet()) {
            Path script = bin.resolve(tool.getKey());
            Files.writeString(script, "#!/bin/bash\nexec \"" + java + "\" -Xmx256m -cp \"$TOOLS_CLASSPATH\" "
                    + tool.getValue() + " \"$@\"\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Map<String, String> passwords = new LinkedHashMap<>();
        ProcessBuilder pb = new ProcessBuilder("bash", Repository.root().resolve(KafkaInitScriptTest.SCRIPT).toString())
                .redirectErrorStream(true).redirectOutput(bin.resolve("init.log").toFile());
        pb.environment().put("TOOLS_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("KAFKA_INIT_BIN", bin.toString());
        pb.environment().put("KAFKA_INIT_BOOTSTRAP", kafka.operatorBootstrapServers());
        for (String user : List.of("ingest-service", "trainer-service", "evaluator-service", "registry-service")) {
            String password = "pw-" + user + "-0123456789";
            passwords.put(user, password);
            pb.environment().put(KafkaInitScriptTest.passwordVariable(user), password);
        }
        Process p = pb.start();
        boolean done = p.waitFor(8, TimeUnit.MINUTES);
        String log = read(bin.resolve("init.log"));
        assertThat(done).as("kafka-init.sh finished; its output:\n" + log).isTrue();
        assertThat(p.exitValue()).as("kafka-init.sh's exit status; its output:\n" + log).isZero();
        return passwords;
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
