package io.streamtune.training.linear;

import io.streamtune.features.HashedTfIdf;
import io.streamtune.contracts.LinearSettings;
import io.streamtune.training.Learner;
import io.streamtune.training.StepOutcome;
import io.streamtune.training.TrainingRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The linear family as a {@link Learner}: hashed TF-IDF of the full text and logistic regression by AdaGrad, trained
 * by the same loop (replay, label balancing, checkpoints, exactly-once) as the transformer. Self-contained
 * checkpoints (no base file), no cached features: a replayed text is re-hashed, which costs about what reading a
 * cached vector would.
 *
 * <p>A step:
 *
 * <ol>
 *   <li>the step's new rows ({@link TrainingRow#replayed()} false) enter the document frequencies, once each;
 *       replayed rows were counted in the step that brought them and are not counted again, so the IDF is that of
 *       the stream, not of how often the buffer happens to sample an example;</li>
 *   <li>every row is vectorised under the updated IDF and scored: these logits, before any update, and the loss
 *       {@code (1/N) Σ labelWeight · CE} over them are what the step returns (as the transformer's
 *       {@code WeightedLoss} defines them);</li>
 *   <li>one AdaGrad update per row, in row order (new rows first), each on its {@code labelWeight ×} cross-entropy:
 *       online, one example at a time, as the report's tuning chose the learning rate for. A row flagged
 *       {@link TrainingRow#batchLabelsOnly()} (ER-ACE) takes its softmax over the labels of the flagged rows only.
 *       DER++'s logit targets are ignored (rows that carry only a logit term have label weight 0 and train
 *       nothing): matching stored logits serves a network whose shared features drift, while here every label's
 *       weights are its own and replayed labels already hold them.</li>
 * </ol>
 *
 * A non-finite loss (weights restored broken, a NaN weight) changes nothing, document frequencies included, and
 * the step is not applied; a non-finite value that appears during the updates reports the weights poisoned, for the
 * loop to roll back.
 */
public final class LinearLearner implements Learner {

    private final LinearModel model;
    private long steps;

    LinearLearner(LinearModel model, long steps) {
        this.model = model;
        this.steps = steps;
    }

    /** A fresh learner for {@code labels}. */
    public static LinearLearner create(LinearSettings config, List<String> labels) {
        return new LinearLearner(LinearModel.fresh(config, labels), 0);
    }

    /** A learner from {@link #save}'s files, optimizer state and counters included. */
    public static LinearLearner restore(Path dir) throws IOException {
        LinearCheckpoint.Loaded loaded = LinearCheckpoint.read(dir);
        return new LinearLearner(loaded.model(), loaded.steps());
    }

    @Override
    public List<String> labels() {
        return model.labels();
    }

    @Override
    public int addLabel(String label) {
        return model.regression().addLabel(label);
    }

    @Override
    public boolean cachesFeatures() {
        return false;
    }

    @Override
    public StepOutcome step(List<TrainingRow> rows) {
        HashedTfIdf features = model.features();
        OnlineLogisticRegression regression = model.regression();
        int k = regression.labels().size();
        List<String> observed = new ArrayList<>();
        boolean[] batchLabels = new boolean[k];
        for (TrainingRow r : rows) {
            if (r.text() == null) {
                throw new IllegalArgumentException("the linear learner caches no features: every row needs its text.");
            }
            if (r.label() >= k) {
                throw new IllegalArgumentException("a row has label " + r.label() + " but the model has " + k
                        + " labels.");
            }
            if (r.batchLabelsOnly()) {
                batchLabels[r.label()] = true;
            }
        }
        for (TrainingRow r : rows) {
            if (!r.replayed()) {
                features.observe(r.text());
                observed.add(r.text());
            }
        }
        List<HashedTfIdf.SparseVector> vectors = new ArrayList<>(rows.size());
        float[][] logits = new float[rows.size()][];
        double loss = 0;
        for (int i = 0; i < rows.size(); i++) {
            TrainingRow r = rows.get(i);
            HashedTfIdf.SparseVector x = features.vector(r.text());
            vectors.add(x);
            logits[i] = regression.logits(x);
            double[] z = new double[k];
            for (int c = 0; c < k; c++) {
                z[c] = logits[i][c];
            }
            double[] p = OnlineLogisticRegression.softmax(z, r.batchLabelsOnly() ? batchLabels : null);
            loss += r.labelWeight() * -Math.log(Math.max(p[r.label()], 1e-15)) / rows.size();
        }
        if (!Double.isFinite(loss)) {
            observed.forEach(features::forget);
            return new StepOutcome(false, false, Double.NaN, null, null);
        }
        for (int i = 0; i < rows.size(); i++) {
            TrainingRow r = rows.get(i);
            double rowLoss = regression.update(vectors.get(i), r.label(), r.labelWeight(),
                    r.batchLabelsOnly() ? batchLabels : null);
            if (Double.isNaN(rowLoss)) {
                // the rows before this one have updated the weights into something non-finite
                return new StepOutcome(false, true, Double.NaN, null, null);
            }
        }
        steps++;
        return new StepOutcome(true, false, loss, logits, null);
    }

    @Override
    public float[][] predict(List<String> texts) {
        return model.logits(texts);
    }

    @Override
    public List<byte[]> features(List<String> texts) {
        throw new UnsupportedOperationException("the linear learner caches no features (cachesFeatures() is false):"
                + " the loop replays its texts.");
    }

    @Override
    public float[][] predictFeatures(List<byte[]> features) {
        throw new UnsupportedOperationException("the linear learner caches no features (cachesFeatures() is false):"
                + " it predicts from texts only.");
    }

    @Override
    public void save(Path dir) throws IOException {
        LinearCheckpoint.write(dir, model, steps);
    }

    /** The model it trains, live: what a checkpoint of it would score. */
    public LinearModel model() {
        return model;
    }

    /** Steps applied since the model was created. */
    public long steps() {
        return steps;
    }

    @Override
    public String describe() {
        LinearSettings c = model.config();
        return "linear (hashed tf-idf 2^" + c.bits() + ", adagrad lr " + c.learningRate()
                + (c.l2() > 0 ? ", l2 " + c.l2() : "") + ") " + labels().size() + " labels";
    }

    @Override
    public void close() {
        // nothing held outside the heap
    }
}
