package io.streamtune.registry.messaging;

import io.smallrye.common.annotation.Blocking;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.ModelPromoted;
import io.streamtune.kit.kafka.DeadLetters;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Feeds every instance's promotions and rollbacks to this instance's SSE clients. */
@ApplicationScoped
public class PromotionFeedConsumer {

    static final String CONSUMER = "registry-service/promotions-feed";

    private final PromotionFeed feed;
    private final DeadLetters deadLetters;

    public PromotionFeedConsumer(PromotionFeed feed, DeadLetters deadLetters) {
        this.feed = feed;
        this.deadLetters = deadLetters;
    }

    @Incoming(Channels.PROMOTIONS_FEED)
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        ModelPromoted event;
        try {
            event = EventJson.read(Records.value(record), ModelPromoted.class);
        } catch (IllegalArgumentException poison) {
            deadLetters.sendAndWait(record, poison.getMessage(), CONSUMER);
            return;
        }
        feed.offer(event);
    }
}
