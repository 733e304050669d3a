package io.streamtune.registry.messaging;

import io.smallrye.common.annotation.Blocking;
import io.streamtune.contracts.CheckpointCreated;
import io.streamtune.contracts.EventJson;
import io.streamtune.registry.training.TrainerMonitor;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Feeds the trainers' checkpoint announcements to the dashboard's live trainer stats. An unreadable record is skipped
 * with a warning: the evaluator, the topic's real consumer, already sends it to the dead-letter topic.
 */
@ApplicationScoped
public class CheckpointFeedConsumer {

    private static final Logger LOG = Logger.getLogger(CheckpointFeedConsumer.class);

    private final TrainerMonitor monitor;

    public CheckpointFeedConsumer(TrainerMonitor monitor) {
        this.monitor = monitor;
    }

    @Incoming(Channels.CHECKPOINTS_FEED)
    @Blocking // the lag is read from the broker
    public void consume(ConsumerRecord<String, byte[]> record) {
        try {
            monitor.offer(EventJson.read(Records.value(record), CheckpointCreated.class));
        } catch (IllegalArgumentException poison) {
            LOG.warnf("Skipped an unreadable checkpoint announcement at %s-%d@%d: %s", record.topic(),
                    record.partition(), record.offset(), poison.getMessage());
        }
    }
}
