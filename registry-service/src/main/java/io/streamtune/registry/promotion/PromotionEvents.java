package io.streamtune.registry.promotion;

import io.streamtune.contracts.ModelPromoted;

/** Where a champion move is announced ({@code streamtune.promotions}); returns once the broker acknowledged it. */
public interface PromotionEvents {

    void publish(ModelPromoted event);
}
