package io.streamtune.registry.support;

import io.streamtune.contracts.ModelPromoted;
import io.streamtune.contracts.Topics;
import io.streamtune.registry.promotion.PromotionEvents;

/** A second registry instance's announcer: a plain producer on the same topic. */
public final class KafkaPromotionEvents implements PromotionEvents {

    @Override
    public void publish(ModelPromoted event) {
        TestKafka.sendEvent(Topics.PROMOTIONS, event.model(), event);
    }
}
