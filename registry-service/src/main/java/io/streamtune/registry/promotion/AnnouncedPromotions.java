package io.streamtune.registry.promotion;

import io.streamtune.contracts.ModelPromoted;
import java.util.Optional;

/** What {@code streamtune.promotions} last said of a model: the proof that a move was announced. */
public interface AnnouncedPromotions {

    /**
     * The model's latest announcement on the topic, empty when it has none.
     *
     * @throws AnnouncementException when Kafka does not answer in time
     */
    Optional<ModelPromoted> last(String model);
}
