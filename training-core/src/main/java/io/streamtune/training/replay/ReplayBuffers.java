package io.streamtune.training.replay;

import io.streamtune.contracts.ReplayStrategy;

/** Builds the buffer a strategy names. */
public final class ReplayBuffers {

    private ReplayBuffers() {
    }

    public static ReplayBuffer create(ReplayStrategy strategy, int capacity, double maxSourceShare, long seed) {
        return switch (strategy) {
            case NONE -> new NoReplay();
            case RESERVOIR -> new ReservoirBuffer(capacity, maxSourceShare, seed);
            case CLASS_BALANCED -> new ClassBalancedBuffer(capacity, maxSourceShare, seed);
            case DER_PP -> new DerBuffer(capacity, maxSourceShare, seed);
        };
    }
}
