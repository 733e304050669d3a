package io.streamtune.training.linear;

import io.streamtune.contracts.LinearSettings;
import io.streamtune.training.BaseFile;
import io.streamtune.training.Learner;
import io.streamtune.training.StepOutcome;
import io.streamtune.training.TrainingRow;
import io.streamtune.training.replay.StoredFeatures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A transformer learner with a linear half ({@link LinearHalf}): both learn every step from the same rows (new
 * examples and replay, as the loop composed them), and the model predicts the weighted mean of their class
 * probabilities. The transformer half is the learner it wraps, unchanged: its loss, its logits (what DER++ stores) and
 * its label updates are what the loop sees; the linear half follows its labels. On validation slices of both report
 * streams the mean beat either half (docs/benchmarks.md, "## training defaults"): the bag of words reads the whole
 * email and learns a one-label stretch at once, the transformer keeps what it learnt when the bag of words forgets.
 *
 * <p>Where the transformer caches features, the loop replays rows as features, not text; the linear half needs the
 * text, so this learner's features are both: {@code int32 n (big-endian) | the transformer's n bytes | UTF-8 text}.
 * A checkpoint's compact form keeps the transformer's compact form in place of its bytes, the text as it is.
 *
 * <p>A step skipped by the transformer (non-finite loss) is skipped by both halves; a linear step that fails after
 * the transformer's applied reports the weights poisoned, so the loop rolls both back to the last checkpoint.
 */
public final class BlendedLearner implements Learner {

    private final Learner transformer;
    private final LinearLearner linear;
    private final double weight;

    public BlendedLearner(Learner transformer, LinearLearner linear, double weight) {
        if (!(weight > 0 && weight < 1)) {
            throw new IllegalArgumentException("the linear half's weight must be in (0, 1), got " + weight);
        }
        if (!transformer.labels().equals(linear.labels())) {
            throw new IllegalArgumentException("the halves disagree on the labels: " + transformer.labels() + " and "
                    + linear.labels());
        }
        this.transformer = transformer;
        this.linear = linear;
        this.weight = weight;
    }

    /** The transformer half. */
    public Learner transformer() {
        return transformer;
    }

    /** The linear half. */
    public LinearLearner linear() {
        return linear;
    }

    public double weight() {
        return weight;
    }

    @Override
    public List<String> labels() {
        return transformer.labels();
    }

    @Override
    public int addLabel(String label) {
        return same(label, transformer.addLabel(label), linear.addLabel(label));
    }

    @Override
    public int addLabel(String label, List<TrainingRow> examples, List<TrainingRow> others) {
        return same(label, transformer.addLabel(label, transformerRows(examples), transformerRows(others)),
                linear.addLabel(label));
    }

    private static int same(String label, int a, int b) {
        if (a != b) {
            throw new IllegalStateException("the halves gave label '" + label + "' indexes " + a + " and " + b);
        }
        return a;
    }

    @Override
    public long labelUpdates(int index) {
        return transformer.labelUpdates(index);
    }

    @Override
    public boolean cachesFeatures() {
        return transformer.cachesFeatures();
    }

    @Override
    public StepOutcome step(List<TrainingRow> rows) {
        StepOutcome deep = transformer.step(transformerRows(rows));
        if (!deep.applied() || deep.poisoned()) {
            return deep;
        }
        StepOutcome wide = linear.step(linearRows(rows));
        if (!wide.applied() || wide.poisoned()) {
            return new StepOutcome(false, true, Double.NaN, null, null);
        }
        List<byte[]> features = null;
        if (deep.features() != null) {
            features = new ArrayList<>(deep.features().size());
            for (int i = 0; i < deep.features().size(); i++) {
                byte[] f = deep.features().get(i);
                features.add(f == null ? null : join(f, text(rows.get(i))));
            }
        }
        return new StepOutcome(true, false, deep.loss(), deep.logits(), features);
    }

    private static List<TrainingRow> transformerRows(List<TrainingRow> rows) {
        List<TrainingRow> out = new ArrayList<>(rows.size());
        for (TrainingRow r : rows) {
            out.add(r.features() == null ? r : r.withFeatures(head(r.features())));
        }
        return out;
    }

    private static List<TrainingRow> linearRows(List<TrainingRow> rows) {
        List<TrainingRow> out = new ArrayList<>(rows.size());
        for (TrainingRow r : rows) {
            out.add(r.features() == null ? r : new TrainingRow(tail(r.features()), null, r.label(), r.labelWeight(),
                    r.targetLogits(), r.logitWeight(), r.batchLabelsOnly(), r.replayed()));
        }
        return out;
    }

    private static String text(TrainingRow r) {
        return r.text() != null ? r.text() : tail(r.features());
    }

    @Override
    public float[][] predict(List<String> texts) {
        return blend(transformer.predict(texts), linear.predict(texts));
    }

    @Override
    public List<byte[]> features(List<String> texts) {
        List<byte[]> deep = transformer.features(texts);
        List<byte[]> out = new ArrayList<>(deep.size());
        for (int i = 0; i < deep.size(); i++) {
            out.add(join(deep.get(i), texts.get(i)));
        }
        return out;
    }

    @Override
    public float[][] predictFeatures(List<byte[]> features) {
        List<byte[]> heads = new ArrayList<>(features.size());
        List<String> texts = new ArrayList<>(features.size());
        for (byte[] f : features) {
            heads.add(head(f));
            texts.add(tail(f));
        }
        return blend(transformer.predictFeatures(heads), linear.predict(texts));
    }

    private float[][] blend(float[][] deep, float[][] wide) {
        float[][] out = new float[deep.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = LinearHalf.blendLogits(deep[i], wide[i], weight);
        }
        return out;
    }

    @Override
    public void save(Path dir) throws IOException {
        transformer.save(dir);
        linear.save(dir.resolve(LinearHalf.FOLDER));
        LinearHalf.writeMarker(dir, weight);
    }

    @Override
    public Optional<BaseFile> base() {
        return transformer.base();
    }

    @Override
    public StoredFeatures storedFeatures() {
        StoredFeatures deep = transformer.storedFeatures();
        return new StoredFeatures() {
            @Override
            public byte[] compact(byte[] features) {
                byte[] c = deep.compact(head(features));
                return c == null ? null : join(c, tail(features));
            }

            @Override
            public List<byte[]> expand(List<byte[]> compact) {
                List<byte[]> heads = new ArrayList<>(compact.size());
                compact.forEach(c -> heads.add(head(c)));
                List<byte[]> expanded = deep.expand(heads);
                List<byte[]> out = new ArrayList<>(compact.size());
                for (int i = 0; i < compact.size(); i++) {
                    out.add(join(expanded.get(i), tail(compact.get(i))));
                }
                return out;
            }
        };
    }

    /** The transformer's features and the text, as one array. */
    static byte[] join(byte[] features, String text) {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + features.length + t.length).putInt(features.length).put(features).put(t)
                .array();
    }

    /** The transformer's part of {@link #join}'s array. */
    static byte[] head(byte[] joined) {
        int n = length(joined);
        byte[] out = new byte[n];
        System.arraycopy(joined, 4, out, 0, n);
        return out;
    }

    /** The text of {@link #join}'s array. */
    static String tail(byte[] joined) {
        int n = length(joined);
        return new String(joined, 4 + n, joined.length - 4 - n, StandardCharsets.UTF_8);
    }

    private static int length(byte[] joined) {
        int n = joined.length < 4 ? -1 : ByteBuffer.wrap(joined).getInt();
        if (n < 0 || n > joined.length - 4) {
            throw new IllegalArgumentException("not a blended learner's features: " + joined.length + " bytes with "
                    + "a transformer part of " + n);
        }
        return n;
    }

    @Override
    public String describe() {
        LinearSettings c = linear.model().config();
        return transformer.describe() + " + linear half (weight " + weight + ", hashed tf-idf 2^" + c.bits()
                + ", adagrad lr " + c.learningRate() + ")";
    }

    @Override
    public void close() {
        try {
            linear.close();
        } finally {
            transformer.close();
        }
    }
}
