package io.streamtune.training;

import io.streamtune.contracts.LabelledExample;

/**
 * One record of a model's train topic, decoded: an example, or a poison record with the reason it cannot be
 * trained on. Both move the partition's position when the loop takes them.
 *
 * @param receivedNanos {@link System#nanoTime()} when the consumer queued it, for the micro-batch's max wait
 * @param key the record's key, kept for the dead-letter topic
 * @param value the record's bytes, kept only for poison records
 */
public record Incoming(int partition, long offset, long receivedNanos, LabelledExample example,
        String poisonReason, byte[] key, byte[] value) {

    public static Incoming example(int partition, long offset, long receivedNanos, LabelledExample example) {
        return new Incoming(partition, offset, receivedNanos, example, null, null, null);
    }

    public static Incoming poison(int partition, long offset, long receivedNanos, String reason, byte[] key,
            byte[] value) {
        return new Incoming(partition, offset, receivedNanos, null, reason, key, value);
    }

    public boolean isPoison() {
        return example == null;
    }
}
