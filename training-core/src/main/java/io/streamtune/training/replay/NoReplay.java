package io.streamtune.training.replay;

import io.streamtune.contracts.ReplayStrategy;

/** Naive fine-tuning: nothing is kept. */
public final class NoReplay extends ReplayBuffer {

    public NoReplay() {
        super(0, 1.0, 0);
    }

    @Override
    public ReplayStrategy strategy() {
        return ReplayStrategy.NONE;
    }

    @Override
    protected int choose(ReplayItem item) {
        return DROP;
    }
}
