package io.streamtune.trainer.training.replay;

import io.streamtune.contracts.ReplayStrategy;

/**
 * Dark Experience Replay++ (Buzzega et al., 2020): a reservoir whose items carry the logits the model gave when they
 * entered, so the loss can match them later (α·MSE) besides their labels (β·CE).
 */
public final class DerBuffer extends ReservoirBuffer {

    public DerBuffer(int capacity, double maxSourceShare, long seed) {
        super(capacity, maxSourceShare, seed);
    }

    @Override
    public ReplayStrategy strategy() {
        return ReplayStrategy.DER_PP;
    }

    @Override
    protected void check(ReplayItem item) {
        if (item.logits() == null || item.logits().length == 0) {
            throw new IllegalArgumentException("DER++ stores the logits at insertion, but item " + item.id()
                    + " has none.");
        }
    }
}
