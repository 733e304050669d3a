package io.streamtune.ingest.messaging;

import org.apache.kafka.common.KafkaException;

/**
 * Kafka stopped answering while a batch's transaction was being committed, and did not say how it ended before the
 * transaction timeout: the batch may or may not be visible. The only write whose outcome ingest cannot tell.
 */
public class CommitInDoubtException extends KafkaException {

    public CommitInDoubtException(Throwable cause) {
        super("the commit of the batch's transaction was not answered before the transaction timeout", cause);
    }
}
