package io.streamtune.training.replay;

import io.streamtune.contracts.ReplayStrategy;

/** Reservoir sampling (Vitter's algorithm R): after n offers, every one of them is in the buffer with equal odds. */
public class ReservoirBuffer extends ReplayBuffer {

    public ReservoirBuffer(int capacity, double maxSourceShare, long seed) {
        super(capacity, maxSourceShare, seed);
    }

    @Override
    public ReplayStrategy strategy() {
        return ReplayStrategy.RESERVOIR;
    }

    @Override
    protected int choose(ReplayItem item) {
        if (size() < capacity()) {
            return APPEND;
        }
        long j = rng().nextLong(seen());
        return j < capacity() ? (int) j : DROP;
    }
}
