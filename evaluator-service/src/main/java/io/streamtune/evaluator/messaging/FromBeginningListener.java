package io.streamtune.evaluator.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/** Reads the compacted specs topic whole on every assignment: the specs live in memory only. */
@ApplicationScoped
@Identifier(Channels.MODELS_REBALANCE)
public class FromBeginningListener implements KafkaConsumerRebalanceListener {

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        consumer.seekToBeginning(partitions);
    }
}
