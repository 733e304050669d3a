package io.streamtune.registry.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Small checks shared by the consumers. */
final class Records {

    private Records() {
    }

    /** The value's bytes; a record without one is poison. */
    static byte[] value(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null || record.value().length == 0) {
            throw new IllegalArgumentException("The record has no value (expected a JSON event).");
        }
        return record.value();
    }
}
