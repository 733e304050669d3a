package io.streamtune.registry.training;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.streamtune.contracts.CheckpointCreated;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest two checkpoints announced for each model, turned into {@link TrainerStats} on demand (lag read at that
 * moment) and broadcast to the dashboard's stream at each new checkpoint. An announcement no later than the latest
 * one (a redelivery, a replay) is ignored.
 */
public final class TrainerMonitor {

    private final EndOffsets endOffsets;
    private final Map<String, CheckpointCreated[]> lastTwo = new ConcurrentHashMap<>();
    private final BroadcastProcessor<TrainerStats> updates = BroadcastProcessor.create();

    public TrainerMonitor(EndOffsets endOffsets) {
        this.endOffsets = endOffsets;
    }

    public void offer(CheckpointCreated c) {
        if (!io.streamtune.contracts.Variant.PRIMARY.equals(c.variant())) {
            return; // the training view is the model's own settings' (a challenger's rate is its own lineage's)
        }
        boolean[] newer = {false};
        lastTwo.compute(c.model(), (model, pair) -> {
            if (pair != null && (!c.occurredAt().isAfter(pair[0].occurredAt())
                    || c.checkpointId().equals(pair[0].checkpointId()))) {
                return pair;
            }
            newer[0] = true;
            return new CheckpointCreated[] {c, pair == null ? null : pair[0]};
        });
        if (newer[0]) {
            updates.onNext(stats(c.model()).orElseThrow());
        }
    }

    public Optional<TrainerStats> stats(String model) {
        CheckpointCreated[] pair = lastTwo.get(model);
        return pair == null ? Optional.empty()
                : Optional.of(TrainerStats.of(pair[0], pair[1], endOffsets.of(model).orElse(null)));
    }

    /** Every model with a checkpoint seen, by name. */
    public List<TrainerStats> all() {
        return lastTwo.keySet().stream().sorted(Comparator.naturalOrder()).map(this::stats)
                .flatMap(Optional::stream).toList();
    }

    public Multi<TrainerStats> updates() {
        return updates;
    }
}
