package io.streamtune.ingest.messaging;

/** Kafka did not acknowledge every record of a request in time (answered 503 with Retry-After). */
public class KafkaUnavailableException extends RuntimeException {

    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
