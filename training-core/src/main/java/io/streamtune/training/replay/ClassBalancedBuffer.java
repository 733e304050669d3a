package io.streamtune.training.replay;

import io.streamtune.contracts.ReplayStrategy;
import java.util.ArrayList;
import java.util.List;

/**
 * Class-balanced reservoir sampling (CBRS, Chrysakis and Moens, 2020). Once full, an example of a class smaller
 * than the largest replaces a random item of a largest class; an example of a largest class replaces a random item
 * of its own class with probability stored/seen of that class. Classes end up with equal shares, and each class's
 * items are a uniform sample of that class's stream.
 */
public final class ClassBalancedBuffer extends ReplayBuffer {

    public ClassBalancedBuffer(int capacity, double maxSourceShare, long seed) {
        super(capacity, maxSourceShare, seed);
    }

    @Override
    public ReplayStrategy strategy() {
        return ReplayStrategy.CLASS_BALANCED;
    }

    @Override
    protected int choose(ReplayItem item) {
        if (size() < capacity()) {
            return APPEND;
        }
        int largest = perClass().values().stream().mapToInt(Integer::intValue).max().orElse(0);
        String label = item.label();
        if (countOfClass(label) < largest) {
            List<String> full = new ArrayList<>();
            perClass().forEach((c, n) -> {
                if (n == largest) {
                    full.add(c);
                }
            });
            String victim = full.get(rng().nextInt(full.size()));
            return nth(s -> s.label().equals(victim), rng().nextInt(largest));
        }
        long j = rng().nextLong(seenOfClass(label));
        return j < countOfClass(label) ? nth(s -> s.label().equals(label), (int) j) : DROP;
    }
}
