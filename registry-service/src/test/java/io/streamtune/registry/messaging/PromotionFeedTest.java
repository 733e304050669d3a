package io.streamtune.registry.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.contracts.ChampionPointer;
import io.streamtune.contracts.ModelPromoted;
import io.streamtune.registry.promotion.ChampionAnnouncer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** SSE clients see each champion move once and in order, however often and late it is announced. */
class PromotionFeedTest {

    @Test
    void aRepeatedOrLateAnnouncementIsDropped() {
        PromotionFeed feed = new PromotionFeed();
        List<Long> seen = new CopyOnWriteArrayList<>();
        feed.stream("spam").subscribe().with(e -> seen.add(e.generation()));

        feed.offer(move("spam", 2, 1));
        feed.offer(move("spam", 2, 1)); // sent again after a failed acknowledgement
        feed.offer(move("spam", 3, 2));
        feed.offer(move("spam", 2, 1)); // a stale resend after the newer move
        feed.offer(move("tickets", 1, 1)); // another model's generations are its own

        assertThat(seen).containsExactly(1L, 2L);
    }

    private static ModelPromoted move(String model, int version, long generation) {
        ChampionPointer p = new ChampionPointer(0, model, version, "ck-" + version, generation,
                Instant.ofEpochSecond(generation), "test", "promotion");
        return ChampionAnnouncer.event(p, ModelPromoted.Kind.PROMOTION, "passed", null, null);
    }
}
