package io.streamtune.localstack.test;

import java.util.Map;

/**
 * A broker with SASL/SCRAM-SHA-512 authentication and ACL authorization (see
 * {@link io.streamtune.localstack.KafkaServer}).
 *
 * @param bootstrapServers         where the services connect, with a SCRAM user and password
 * @param operatorBootstrapServers a PLAINTEXT listener whose anonymous principal is a super user: the test's operator
 *                                 creates SCRAM users, ACLs and topics through it
 */
public record SecuredKafkaEndpoint(String bootstrapServers, String operatorBootstrapServers) {

    public static final String MECHANISM = "SCRAM-SHA-512";

    /** The client properties of a principal, as a deployment sets them ({@code kafka.*}). */
    public Map<String, Object> clientProperties(String user, String password) {
        return Map.of("bootstrap.servers", bootstrapServers, "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", MECHANISM, "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                        + "\" password=\"" + password + "\";");
    }

    /** The operator's client properties (no authentication, super user). */
    public Map<String, Object> operatorProperties() {
        return Map.of("bootstrap.servers", operatorBootstrapServers);
    }
}
