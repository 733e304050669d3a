package io.streamtune.training.djl;

import io.streamtune.model.checkpoint.CheckpointIO;
import io.streamtune.model.classifier.Classifier;
import io.streamtune.model.classifier.PrefixOutput;
import io.streamtune.model.train.ClassifierTrainer;
import io.streamtune.model.train.StepResult;
import io.streamtune.model.train.TrainingExample;
import io.streamtune.training.BaseFile;
import io.streamtune.training.Learner;
import io.streamtune.training.StepOutcome;
import io.streamtune.training.TrainingRow;
import io.streamtune.training.replay.StoredFeatures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The real learner: the model module's classifier and AdamW trainer. In head and top-k modes new texts go through
 * the frozen prefix once per step and their prefix outputs come back as the replay buffer's features, so a replayed
 * example costs only the trainable top.
 */
public final class ClassifierLearner implements Learner {

    private static final Logger LOG = Logger.getLogger(ClassifierLearner.class);

    private final ClassifierTrainer trainer;
    private final Classifier classifier;
    private final BaseFile base;

    /** @param base the pretrained weights its checkpoints refer to; null: they hold every weight */
    ClassifierLearner(ClassifierTrainer trainer, BaseFile base) {
        this.trainer = trainer;
        this.classifier = trainer.classifier();
        this.base = base;
    }

    @Override
    public List<String> labels() {
        return classifier.labels();
    }

    @Override
    public int addLabel(String label) {
        return classifier.addLabel(label);
    }

    /**
     * Weight imprinting (Qi et al., 2018): the new row points from the mean of the step's other rows to the mean of
     * the label's examples, in the head's input space, scaled to the mean norm of the existing rows, with their mean
     * bias; so a new class is predicted for examples like its first ones from the first step on.
     */
    @Override
    public int addLabel(String label, List<TrainingRow> examples, List<TrainingRow> others) {
        if (examples.isEmpty()) {
            return addLabel(label);
        }
        float[] direction = mean(pooled(examples));
        if (!others.isEmpty()) {
            float[] rest = mean(pooled(others));
            for (int j = 0; j < direction.length; j++) {
                direction[j] -= rest[j];
            }
        }
        float[][] rows = classifier.training().headRows();
        float[] biases = classifier.training().headBiases();
        double norm = 0;
        double bias = 0;
        for (int r = 0; r < rows.length; r++) {
            norm += Math.sqrt(dot(rows[r], rows[r])) / rows.length;
            bias += biases[r] / rows.length;
        }
        double length = Math.sqrt(dot(direction, direction));
        if (!(length > 0) || !Double.isFinite(length)) {
            return addLabel(label);
        }
        for (int j = 0; j < direction.length; j++) {
            direction[j] = (float) (direction[j] * norm / length);
        }
        return classifier.addLabel(label, direction, (float) bias);
    }

    @Override
    public long labelUpdates(int index) {
        return trainer.optimizer().rowUpdates(index);
    }

    /** The head's input for each row: from cached features through the trainable top, or from the text. */
    private float[][] pooled(List<TrainingRow> rows) {
        List<PrefixOutput> prefixes = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (TrainingRow r : rows) {
            if (r.features() != null) {
                prefixes.add(PrefixOutput.fromBytes(r.features()));
            } else {
                texts.add(r.text());
            }
        }
        List<float[]> out = new ArrayList<>(rows.size());
        if (!prefixes.isEmpty()) {
            out.addAll(List.of(classifier.training().pooled(prefixes)));
        }
        if (!texts.isEmpty()) {
            out.addAll(List.of(classifier.inference().embed(texts)));
        }
        return out.toArray(new float[0][]);
    }

    private static float[] mean(float[][] rows) {
        float[] m = new float[rows[0].length];
        for (float[] row : rows) {
            for (int j = 0; j < m.length; j++) {
                m[j] += row[j] / rows.length;
            }
        }
        return m;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }

    @Override
    public boolean cachesFeatures() {
        return classifier.config().fineTuning().hasFrozenPrefix();
    }

    @Override
    public StepOutcome step(List<TrainingRow> rows) {
        List<TrainingExample> batch = new ArrayList<>(rows.size());
        for (TrainingRow r : rows) {
            batch.add(new TrainingExample(r.text(), r.features() == null ? null : PrefixOutput.fromBytes(r.features()),
                    r.label(), r.labelWeight(), r.targetLogits(), r.logitWeight(), r.batchLabelsOnly()));
        }
        StepResult result;
        try {
            result = trainer.step(batch);
        } catch (GuardedLoss.NonFiniteLoss e) {
            // aborted before backward and update: nothing of this batch reached the weights or the optimizer
            LOG.warnf("step over %d rows (%s) not applied: %s", rows.size(), describe(batch), e.getMessage());
            return new StepOutcome(false, e.logitsBroken(), Double.NaN, null, null);
        }
        if (!Float.isFinite(result.gradientNorm())) {
            // a finite loss with a non-finite gradient: the update wrote NaN/Inf into the weights
            LOG.warnf("step over %d rows (%s): loss %.4f but gradient norm %s, the weights are poisoned", rows.size(),
                    describe(batch), result.loss(), result.gradientNorm());
            return new StepOutcome(false, true, Double.NaN, null, null);
        }
        List<byte[]> features = null;
        if (result.prefixes() != null) {
            features = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                byte[] given = rows.get(i).features();
                features.add(given != null ? given : result.prefixes().get(i).toBytes());
            }
        }
        return new StepOutcome(true, false, result.loss(), result.logits(), features);
    }

    /** Rows and windows of a batch, for a log line about a step that went wrong. */
    private static String describe(List<TrainingExample> batch) {
        int windows = 0;
        int cached = 0;
        for (TrainingExample e : batch) {
            if (e.prefix() != null) {
                cached++;
                windows += e.prefix().windows();
            }
        }
        return cached + " from cached prefix outputs with " + windows + " windows";
    }

    @Override
    public float[][] predict(List<String> texts) {
        return classifier.inference().predict(texts);
    }

    @Override
    public List<byte[]> features(List<String> texts) {
        return classifier.inference().prefix(texts).stream().map(PrefixOutput::toBytes).toList();
    }

    @Override
    public float[][] predictFeatures(List<byte[]> features) {
        return classifier.inference().top(features.stream().map(PrefixOutput::fromBytes).toList());
    }

    /**
     * The trainer computes a new text's prefix output window by window, alone ({@code prefixAlone}): the bytes depend
     * only on its token ids, so a checkpoint keeps those ids (4 bytes a token instead of 768 in fp16 at MiniLM's
     * width) and a restore runs the frozen prefix over them again, giving the bytes the buffer held.
     */
    @Override
    public StoredFeatures storedFeatures() {
        return tokens;
    }

    private final StoredFeatures tokens = new StoredFeatures() {
        @Override
        public byte[] compact(byte[] features) {
            long[][] windows = PrefixOutput.tokensOf(features); // the header only, not the ~80 KB of values
            if (windows == null) {
                return null; // an output from before token ids were kept: stored whole
            }
            int tokens = 0;
            for (long[] w : windows) {
                tokens += w.length;
            }
            ByteBuffer b = ByteBuffer.allocate(4 + 4 * windows.length + 4 * tokens);
            b.putInt(windows.length);
            for (long[] w : windows) {
                b.putInt(w.length);
            }
            for (long[] w : windows) {
                for (long id : w) {
                    b.putInt(Math.toIntExact(id));
                }
            }
            return b.array();
        }

        @Override
        public List<byte[]> expand(List<byte[]> compact) {
            List<long[][]> windows = new ArrayList<>(compact.size());
            for (byte[] bytes : compact) {
                windows.add(tokenWindows(bytes));
            }
            return classifier.inference().prefixOfTokens(windows).stream().map(PrefixOutput::toBytes).toList();
        }
    };

    private static long[][] tokenWindows(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int n = bytes.length < 4 ? -1 : b.getInt();
        if (n < 1 || n > b.remaining() / 4) {
            throw new IllegalArgumentException("stored replay tokens declare " + n + " windows: corrupt.");
        }
        long[][] windows = new long[n][];
        int[] lengths = new int[n];
        long total = 0;
        for (int w = 0; w < n; w++) {
            lengths[w] = b.getInt();
            total += lengths[w];
            if (lengths[w] < 1) {
                throw new IllegalArgumentException("stored replay tokens declare a window of " + lengths[w] + ".");
            }
        }
        if (total * 4 != b.remaining()) {
            throw new IllegalArgumentException("stored replay tokens: " + total + " ids declared, "
                    + b.remaining() / 4 + " present.");
        }
        for (int w = 0; w < n; w++) {
            windows[w] = new long[lengths[w]];
            for (int i = 0; i < lengths[w]; i++) {
                windows[w][i] = b.getInt();
            }
        }
        return windows;
    }

    @Override
    public void save(Path dir) throws IOException {
        CheckpointIO.save(trainer, dir, base == null ? null : base.sha256());
    }

    @Override
    public Optional<BaseFile> base() {
        return Optional.ofNullable(base);
    }

    /** The model module's trainer, for tests that compare weights. */
    public ClassifierTrainer trainer() {
        return trainer;
    }

    @Override
    public String describe() {
        return classifier.config().fineTuning() + " on " + classifier.device() + ", "
                + classifier.config().tokenizer().maxLength() + " tokens x " + classifier.config().tokenizer()
                .maxWindows() + " windows, " + classifier.labels().size() + " labels";
    }

    @Override
    public void close() {
        trainer.close();
        classifier.close();
    }
}
