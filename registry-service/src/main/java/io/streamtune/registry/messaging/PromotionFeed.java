package io.streamtune.registry.messaging;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.streamtune.contracts.ModelPromoted;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Champion moves for server-sent events: this instance's own, at once, and every instance's, from
 * {@code streamtune.promotions}; each event once (by event id).
 */
@ApplicationScoped
public class PromotionFeed {

    private static final int REMEMBERED = 4096;

    private final BroadcastProcessor<ModelPromoted> processor = BroadcastProcessor.create();
    private final Map<String, Boolean> seen = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    public synchronized void offer(ModelPromoted event) {
        if (seen.put(event.eventId(), Boolean.TRUE) == null) {
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
