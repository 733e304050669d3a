package io.streamtune.training;

import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.TrainingSettings;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A deterministic stand-in for the encoder: softmax regression on hashed words, in plain Java, with the same loss
 * as the model module (weighted CE + weighted MSE to target logits). A text containing {@code NaN!} gives a
 * non-finite loss, so tests can drive the skip and rollback paths.
 */
public final class TinyLearner implements Learner {

    static final int DIM = 32;
    static final String WEIGHTS = "tiny.bin";
    static final String LABELS = "tiny-labels.json";

    private final List<String> labels;
    private final List<float[]> weights;
    private final float lr;
    private long steps;

    TinyLearner(List<String> labels, float lr) {
        this.labels = new ArrayList<>(labels);
        this.weights = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            weights.add(new float[DIM]);
        }
        this.lr = lr;
    }

    public static LearnerFactory factory() {
        return new LearnerFactory() {
            @Override
            public Learner create(ModelSpec spec, TrainingSettings settings, List<String> labels) {
                return new TinyLearner(labels, (float) settings.headLearningRate());
            }

            @Override
            public Learner restore(ModelSpec spec, TrainingSettings settings, Path dir) throws IOException {
                String[] labels = EventJson.mapper().readValue(dir.resolve(LABELS).toFile(), String[].class);
                TinyLearner l = new TinyLearner(List.of(labels), (float) settings.headLearningRate());
                try (DataInputStream in = new DataInputStream(Files.newInputStream(dir.resolve(WEIGHTS)))) {
                    l.steps = in.readLong();
                    for (float[] w : l.weights) {
                        for (int j = 0; j < DIM; j++) {
                            w[j] = in.readFloat();
                        }
                    }
                }
                return l;
            }
        };
    }

    static float[] featuresOf(String text) {
        float[] x = new float[DIM];
        for (String word : text.toLowerCase().split("\\W+")) {
            if (!word.isEmpty()) {
                x[Math.floorMod(word.hashCode(), DIM)] += 1f;
            }
        }
        return x;
    }

    @Override
    public List<String> labels() {
        return List.copyOf(labels);
    }

    @Override
    public int addLabel(String label) {
        int i = labels.indexOf(label);
        if (i >= 0) {
            return i;
        }
        labels.add(label);
        weights.add(new float[DIM]);
        return labels.size() - 1;
    }

    @Override
    public boolean cachesFeatures() {
        return true;
    }

    @Override
    public StepOutcome step(List<TrainingRow> rows) {
        int n = rows.size();
        int c = labels.size();
        float[][] xs = new float[n][];
        float[][] logits = new float[n][];
        List<byte[]> features = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TrainingRow r = rows.get(i);
            if (r.text() != null && r.text().contains("NaN!")) {
                return new StepOutcome(false, false, Double.NaN, null, null);
            }
            xs[i] = r.features() != null ? decode(r.features()) : featuresOf(r.text());
            logits[i] = logits(xs[i]);
            features.add(encode(xs[i]));
        }
        double loss = 0;
        float[][] grad = new float[c][DIM];
        for (int i = 0; i < n; i++) {
            TrainingRow r = rows.get(i);
            double[] p = softmax(logits[i]);
            loss -= r.labelWeight() / n * Math.log(p[r.label()]);
            for (int k = 0; k < c; k++) {
                double g = r.labelWeight() / n * (p[k] - (k == r.label() ? 1 : 0));
                if (r.targetLogits() != null && k < r.targetLogits().length) {
                    double d = logits[i][k] - r.targetLogits()[k];
                    loss += r.logitWeight() / n / r.targetLogits().length * d * d;
                    g += r.logitWeight() / n / r.targetLogits().length * 2 * d;
                }
                for (int j = 0; j < DIM; j++) {
                    grad[k][j] += (float) (g * xs[i][j]);
                }
            }
        }
        for (int k = 0; k < c; k++) {
            for (int j = 0; j < DIM; j++) {
                weights.get(k)[j] -= lr * grad[k][j];
            }
        }
        steps++;
        return new StepOutcome(true, false, loss, logits, features);
    }

    private float[] logits(float[] x) {
        float[] out = new float[labels.size()];
        for (int k = 0; k < out.length; k++) {
            float s = 0;
            for (int j = 0; j < DIM; j++) {
                s += weights.get(k)[j] * x[j];
            }
            out[k] = s;
        }
        return out;
    }

    private static double[] softmax(float[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v);
        }
        double[] p = new double[z.length];
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            p[i] = Math.exp(z[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < z.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    @Override
    public float[][] predict(List<String> texts) {
        return texts.stream().map(t -> logits(featuresOf(t))).toArray(float[][]::new);
    }

    @Override
    public List<byte[]> features(List<String> texts) {
        return texts.stream().map(t -> encode(featuresOf(t))).toList();
    }

    @Override
    public float[][] predictFeatures(List<byte[]> features) {
        return features.stream().map(f -> logits(decode(f))).toArray(float[][]::new);
    }

    @Override
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve(WEIGHTS)))) {
            out.writeLong(steps);
            for (float[] w : weights) {
                for (float v : w) {
                    out.writeFloat(v);
                }
            }
        }
        Files.writeString(dir.resolve(LABELS), new String(EventJson.write(labels), StandardCharsets.UTF_8));
    }

    /** All weights, row after row, for comparisons. */
    public float[] flatWeights() {
        float[] out = new float[weights.size() * DIM];
        for (int k = 0; k < weights.size(); k++) {
            System.arraycopy(weights.get(k), 0, out, k * DIM, DIM);
        }
        return out;
    }

    @Override
    public String describe() {
        return "tiny softmax regression, " + labels.size() + " labels";
    }

    @Override
    public void close() {
    }

    private static byte[] encode(float[] x) {
        ByteBuffer b = ByteBuffer.allocate(4 * x.length);
        for (float v : x) {
            b.putFloat(v);
        }
        return b.array();
    }

    private static float[] decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        float[] x = new float[bytes.length / 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = b.getFloat();
        }
        return x;
    }

    @Override
    public String toString() {
        return describe() + " " + Arrays.toString(flatWeights()).substring(0, 40);
    }
}
