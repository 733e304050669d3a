package io.streamtune.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

    /** What a SASL/SCRAM deployment puts in the kafka.* configuration (KAFKA_SASL_JAAS_CONFIG and so on). */
    private static final Map<String, Object> SECURED = Map.of("bootstrap.servers", "kafka:9092",
            "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
            "enable.auto.commit", "true", "acks", "1");

    @Test
    void theDeploymentsSecuritySettingsReachEveryClient() {
        Map<String, Object> consumer = KafkaClients.consumer(SECURED, "g", "c");
        Map<String, Object> producer = KafkaClients.producer(SECURED, "p");
        for (Map<String, Object> client : java.util.List.of(consumer, producer)) {
            assertThat(client).containsEntry("bootstrap.servers", "kafka:9092")
                    .containsEntry("security.protocol", "SASL_PLAINTEXT")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                    .containsKey("sasl.jaas.config");
        }
        // what the loop's guarantees rest on is not the deployment's to change
        assertThat(consumer).containsEntry("enable.auto.commit", false).containsEntry("isolation.level",
                "read_committed").containsEntry("group.id", "g");
        assertThat(producer).containsEntry("acks", "all").containsEntry("enable.idempotence", true);
    }

    @Test
    void aBareBrokerNeedsOnlyItsAddress() {
        assertThat(KafkaClients.consumer("127.0.0.1:1", null, "c")).containsEntry("bootstrap.servers", "127.0.0.1:1")
                .doesNotContainKey("group.id").doesNotContainKey("security.protocol");
    }
}
