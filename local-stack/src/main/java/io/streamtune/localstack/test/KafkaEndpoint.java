package io.streamtune.localstack.test;

/**
 * A running Kafka broker, as a client sees it.
 *
 * @param bootstrapServers the value for {@code bootstrap.servers}, e.g. {@code 127.0.0.1:40123}
 */
public record KafkaEndpoint(String bootstrapServers) {

    public KafkaEndpoint {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers must not be blank.");
        }
    }
}
