package io.streamtune.registry.messaging;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.streamtune.contracts.ModelPromoted;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;

/**
 * Champion moves for server-sent events: this instance's own, at once, and every instance's, from
 * {@code streamtune.promotions}; each move once, in order: an announcement sent again (same generation) or late (an
 * older generation than one already passed on) is dropped.
 */
@ApplicationScoped
public class PromotionFeed {

    private final BroadcastProcessor<ModelPromoted> processor = BroadcastProcessor.create();
    private final Map<String, Long> generations = new HashMap<>();

    public synchronized void offer(ModelPromoted event) {
        Long passed = generations.get(event.model());
        if (passed == null || event.generation() > passed) {
            generations.put(event.model(), event.generation());
            processor.onNext(event);
        }
    }

    public Multi<ModelPromoted> stream(String model) {
        return all().filter(e -> e.model().equals(model));
    }

    /** Every model's moves, for the dashboard's one stream. */
    public Multi<ModelPromoted> all() {
        return processor;
    }
}
