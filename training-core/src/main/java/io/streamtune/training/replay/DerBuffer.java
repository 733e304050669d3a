package io.streamtune.training.replay;

import io.streamtune.contracts.ReplayStrategy;
import java.util.List;

/**
 * Dark Experience Replay++ (Buzzega et al., 2020): a reservoir whose items carry the logits the model gave when they
 * entered, so the loss can match them later (α·MSE) besides their labels (β·CE). An item that entered while the
 * model's logits meant little (warm-up, or its label's head row just created) carries none and serves the label term
 * only.
 */
public final class DerBuffer extends ReservoirBuffer {

    public DerBuffer(int capacity, double maxSourceShare, long seed) {
        super(capacity, maxSourceShare, seed);
    }

    @Override
    public ReplayStrategy strategy() {
        return ReplayStrategy.DER_PP;
    }

    /**
     * The share of items with stored logits whose logits predict their own label ({@code labels}: the head's label
     * order), NaN when none has logits: how much of what DER++ distils is right.
     */
    public double targetAccuracy(List<String> labels) {
        int with = 0;
        int right = 0;
        for (ReplayItem item : items()) {
            float[] z = item.logits();
            if (z == null || z.length == 0) {
                continue;
            }
            int best = 0;
            for (int j = 1; j < z.length; j++) {
                if (z[j] > z[best]) {
                    best = j;
                }
            }
            with++;
            right += best < labels.size() && labels.get(best).equals(item.label()) ? 1 : 0;
        }
        return with == 0 ? Double.NaN : (double) right / with;
    }
}
