package io.streamtune.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * The default loss, enough for DER++: over a batch of N examples,
 * {@code (1/N) Σ labelWeight·CE(logits, label) + logitWeight·mean_j(d_j²)} over today's C labels, where
 * {@code d_j = logit_j − target_j} for the labels that existed when the target was stored, and for a label added since
 * a hinge {@code d_j = max(0, logit_j − min(target))}: a later class may not rise above what the old model thought
 * least likely on an old example, so nothing lets new classes creep up on old inputs.
 * New examples carry label weight 1; DER++ replay gives alpha to the logit term and beta to the
 * label term. An example flagged {@link TrainingExample#batchLabelsOnly()} takes its softmax over the labels of the
 * flagged examples only (ER-ACE): new examples of new classes then do not push down the logits of old classes,
 * which only the replayed examples (full softmax) speak for.
 */
public final class WeightedLoss implements TrainingLoss {

    public static final WeightedLoss INSTANCE = new WeightedLoss();

    /** Added to a logit outside an ER-ACE example's labels: its softmax weight and gradient become exactly zero. */
    private static final float MASKED = -1e9f;

    @Override
    public NDArray compute(NDArray logits, List<TrainingExample> batch) {
        int n = batch.size();
        int c = (int) logits.getShape().get(1);
        float[] labelWeights = new float[n * c];
        float[] logitWeights = new float[n * c];
        float[] targets = new float[n * c];
        float[] hingeWeights = new float[n * c];
        float[] floors = new float[n * c];
        boolean anyTarget = false;
        boolean anyHinge = false;
        boolean[] present = new boolean[c];
        boolean anyMasked = false;
        for (TrainingExample e : batch) {
            if (e.batchLabelsOnly() && e.label() >= 0 && e.label() < c) {
                present[e.label()] = true;
                anyMasked = true;
            }
        }
        for (int i = 0; i < n; i++) {
            TrainingExample e = batch.get(i);
            if (e.label() >= c) {
                throw new IllegalArgumentException(
                        "example " + i + " has label " + e.label() + " but the head has " + c + " labels.");
            }
            if (e.label() >= 0) {
                labelWeights[i * c + e.label()] = e.labelWeight() / n;
            }
            if (e.targetLogits() != null && e.logitWeight() > 0) {
                int m = Math.min(c, e.targetLogits().length);
                float least = Float.POSITIVE_INFINITY;
                for (int j = 0; j < m; j++) {
                    targets[i * c + j] = e.targetLogits()[j];
                    logitWeights[i * c + j] = e.logitWeight() / (c * (float) n);
                    least = Math.min(least, e.targetLogits()[j]);
                }
                for (int j = m; j < c; j++) {
                    floors[i * c + j] = least;
                    hingeWeights[i * c + j] = e.logitWeight() / (c * (float) n);
                    anyHinge = true;
                }
                anyTarget = true;
            }
        }
        NDManager manager = logits.getManager();
        Shape shape = new Shape(n, c);
        NDArray scores = logits;
        if (anyMasked) {
            float[] mask = new float[n * c];
            for (int i = 0; i < n; i++) {
                if (batch.get(i).batchLabelsOnly()) {
                    for (int j = 0; j < c; j++) {
                        mask[i * c + j] = present[j] ? 0f : MASKED;
                    }
                }
            }
            scores = logits.add(manager.create(mask, shape));
        }
        NDArray loss = scores.logSoftmax(1).mul(manager.create(labelWeights, shape)).sum().neg();
        if (anyTarget) {
            NDArray diff = logits.sub(manager.create(targets, shape));
            loss = loss.add(diff.mul(diff).mul(manager.create(logitWeights, shape)).sum());
        }
        if (anyHinge) {
            NDArray over = logits.sub(manager.create(floors, shape)).maximum(0f);
            loss = loss.add(over.mul(over).mul(manager.create(hingeWeights, shape)).sum());
        }
        return loss;
    }
}
