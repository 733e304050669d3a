package io.streamtune.registry.messaging;

import io.smallrye.common.annotation.Blocking;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.ModelPromoted;
import io.streamtune.kit.kafka.DeadLetters;
import io.streamtune.registry.promotion.ChampionAnnouncer;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Feeds every instance's promotions and rollbacks to this instance's SSE clients, and tells it what is announced. */
@ApplicationScoped
public class PromotionFeedConsumer {

    static final String CONSUMER = "registry-service/promotions-feed";

    private final PromotionFeed feed;
    private final ChampionAnnouncer announcer;
    private final DeadLetters deadLetters;

    public PromotionFeedConsumer(PromotionFeed feed, ChampionAnnouncer announcer, DeadLetters deadLetters) {
        this.feed = feed;
        this.announcer = announcer;
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
        announcer.acknowledged(event); // on the topic: no instance needs to send it again
        feed.offer(event);
    }
}
