package io.streamtune.registry.messaging;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.ModelPromoted;
import io.streamtune.registry.promotion.PromotionEvents;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Announces champion moves on {@code streamtune.promotions} (key = model), and to this instance's SSE clients. */
@ApplicationScoped
public class PromotionPublisher implements PromotionEvents {

    private final MutinyEmitter<byte[]> emitter;
    private final PromotionFeed feed;

    public PromotionPublisher(@Channel(Channels.PROMOTIONS) MutinyEmitter<byte[]> emitter, PromotionFeed feed) {
        this.emitter = emitter;
        this.feed = feed;
    }

    @Override
    public void publish(ModelPromoted event) {
        KafkaSend.send(emitter, "the " + event.kind() + " of " + event.model() + " to version " + event.version(),
                event.model(), EventJson.write(event));
        feed.offer(event);
    }
}
