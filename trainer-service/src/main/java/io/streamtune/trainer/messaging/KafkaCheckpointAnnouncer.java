package io.streamtune.trainer.messaging;

import io.streamtune.contracts.CheckpointCreated;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.Topics;
import io.streamtune.training.CheckpointAnnouncer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** {@code CheckpointCreated} on {@code streamtune.checkpoints}, key = model, waiting for the acknowledgement. */
public final class KafkaCheckpointAnnouncer implements CheckpointAnnouncer {

    private final Producer<byte[], byte[]> producer;

    public KafkaCheckpointAnnouncer(Producer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    @Override
    public void announce(CheckpointCreated event) {
        try {
            producer.send(new ProducerRecord<>(Topics.CHECKPOINTS, event.model().getBytes(StandardCharsets.UTF_8),
                    EventJson.write(event))).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("CheckpointCreated " + event.checkpointId() + " not acknowledged: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while announcing " + event.checkpointId(), e);
        }
    }
}
