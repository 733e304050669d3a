package io.streamtune.e2e.report;

import io.streamtune.e2e.corpus.LabelledText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The TF-IDF baseline learning a stream as the trainer's loop would feed a linear half of a model: each micro-batch's
 * new examples, then as many replayed from a reservoir sample of the stream so far (Vitter's algorithm R, the
 * capacity of the configuration's replay buffer); without a capacity, the new examples alone (the baseline as the
 * report runs it).
 */
final class ReplayedTfIdf {

    private final TfIdfBaseline model;
    private final int capacity;
    private final Random random;
    private final List<LabelledText> reservoir = new ArrayList<>();
    private long seen;

    /** @param capacity the reservoir's size; 0 replays nothing */
    ReplayedTfIdf(TfIdfBaseline model, int capacity, long seed) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0 but was " + capacity + ".");
        }
        this.model = model;
        this.capacity = capacity;
        this.random = new Random(seed);
    }

    TfIdfBaseline model() {
        return model;
    }

    int replayCapacity() {
        return capacity;
    }

    /** Learns a micro-batch: its examples, then one replayed example for each (none while the reservoir is empty). */
    void train(List<LabelledText> batch) {
        List<LabelledText> replayed = new ArrayList<>();
        for (int i = 0; i < batch.size() && !reservoir.isEmpty(); i++) {
            replayed.add(reservoir.get(random.nextInt(reservoir.size())));
        }
        batch.forEach(t -> model.train(t.text(), t.label()));
        replayed.forEach(t -> model.train(t.text(), t.label()));
        for (LabelledText t : batch) {
            seen++;
            if (reservoir.size() < capacity) {
                reservoir.add(t);
            } else if (capacity > 0) {
                long slot = (long) (random.nextDouble() * seen);
                if (slot < capacity) {
                    reservoir.set((int) slot, t);
                }
            }
        }
    }

    Map<String, Double> probabilities(String text) {
        return model.probabilities(text);
    }
}
