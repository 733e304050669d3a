package io.streamtune.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.streamtune.model.classifier.ClassifierHead;
import io.streamtune.model.encoder.HostTensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter) over named parameters, written here so its state (both moments
 * and the step count) can be saved and restored exactly. Moments live in a manager of their own
 * and grow with the head when a label is added (new rows start at zero).
 *
 * <p>Bias correction counts each parameter's own updates, and each head row's from the row's creation: a label added
 * at step 5,000 (or a layer that gradual unfreezing adds late) gets the small first steps of a fresh Adam, not the
 * ~3× larger ones that a zero moment corrected with the global step count would give.
 */
public final class AdamW implements AutoCloseable {

    private final OptimizerSettings settings;
    private final NDManager manager;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    /** Updates each parameter has had: one count, or one per row for the head (rows are labels). */
    private final Map<String, long[]> updates = new LinkedHashMap<>();
    private long steps;

    AdamW(OptimizerSettings settings, NDManager manager) {
        this.settings = settings;
        this.manager = manager;
    }

    public OptimizerSettings settings() {
        return settings;
    }

    /** Updates taken so far. */
    public long steps() {
        return steps;
    }

    /**
     * Clips the gradients of {@code params} to the global norm, applies one update with the
     * given rate per parameter, and zeroes the gradients. Call with grad mode off.
     *
     * @return the gradient norm before clipping
     */
    float update(Map<String, Parameter> params, Map<String, Float> rates, NDManager step) {
        Map<String, NDArray> grads = new LinkedHashMap<>();
        NDList norms = new NDList();
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            NDArray g = e.getValue().getArray().getGradient();
            g.attach(step);
            grads.put(e.getKey(), g);
            norms.add(g.norm());
        }
        float norm = (float) Math.sqrt(NDArrays.stack(norms).square().sum().getFloat());
        float scale = settings.clipNorm() > 0 && norm > settings.clipNorm() ? settings.clipNorm() / (norm + 1e-6f) : 1f;
        long t = steps + 1;
        float b1 = settings.beta1();
        float b2 = settings.beta2();
        // in place where possible, temporaries closed at once: the word embeddings alone are 47 MB
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            String name = e.getKey();
            NDArray p = e.getValue().getArray();
            NDArray g = grads.get(name);
            if (scale != 1f) {
                g.muli(scale); // the gradient is zeroed below anyway
            }
            NDArray m = moment(firstMoments, name, p.getShape());
            NDArray v = moment(secondMoments, name, p.getShape());
            long[] counts = counts(name, p.getShape());
            try (NDArray squared = g.square()) {
                v.muli(b2).addi(squared.muli(1 - b2));
            }
            m.muli(b1).addi(g.muli(1 - b1));
            float lr = rates.get(name);
            if (settings.weightDecay() > 0 && decays(name, p)) {
                p.muli(1 - lr * settings.weightDecay());
            }
            // p -= lr / c1 * m / (sqrt(v) / sqrt(c2) + eps), c1 and c2 from this parameter's (or row's) own count
            try (NDArray denominator = v.sqrt()) {
                if (counts.length == 1) {
                    long own = ++counts[0];
                    denominator.divi((float) Math.sqrt(1 - Math.pow(b2, own))).addi(settings.epsilon());
                    try (NDArray update = m.div(denominator)) {
                        p.subi(update.muli((float) (lr / (1 - Math.pow(b1, own)))));
                    }
                } else {
                    float[] rootC2 = new float[counts.length];
                    float[] rowRate = new float[counts.length];
                    for (int r = 0; r < counts.length; r++) {
                        long own = ++counts[r];
                        rootC2[r] = (float) Math.sqrt(1 - Math.pow(b2, own));
                        rowRate[r] = (float) (lr / (1 - Math.pow(b1, own)));
                    }
                    Shape column = p.getShape().dimension() == 1 ? new Shape(counts.length)
                            : new Shape(counts.length, 1);
                    try (NDArray c2 = column(rootC2, column, p); NDArray c1 = column(rowRate, column, p)) {
                        denominator.divi(c2).addi(settings.epsilon());
                        try (NDArray update = m.div(denominator)) {
                            p.subi(update.muli(c1));
                        }
                    }
                }
            }
            JniUtils.zeroGrad((PtNDArray) p);
        }
        steps = t;
        return norm;
    }

    private static NDArray column(float[] values, Shape shape, NDArray like) {
        return like.getManager().create(values, shape).toDevice(like.getDevice(), false);
    }

    /** The update counts of {@code name}: per row for the head, grown by zero rows when a label was added. */
    private long[] counts(String name, Shape shape) {
        int rows = rowWise(name) ? (int) shape.get(0) : 1;
        long[] c = updates.get(name);
        if (c == null) {
            c = new long[rows];
            updates.put(name, c);
        } else if (c.length < rows) {
            c = java.util.Arrays.copyOf(c, rows);
            updates.put(name, c);
        }
        return c;
    }

    /** The head's rows are labels, each with a life of its own. */
    private static boolean rowWise(String name) {
        return name.equals(ClassifierHead.WEIGHT) || name.equals(ClassifierHead.BIAS);
    }

    /**
     * Updates the youngest head row has had: the steps since the newest label appeared (or since the start), or
     * {@link #steps()} before the head's first update.
     */
    public long headAge() {
        long[] c = updates.get(ClassifierHead.BIAS);
        if (c == null) {
            return steps;
        }
        long min = Long.MAX_VALUE;
        for (long v : c) {
            min = Math.min(min, v);
        }
        return c.length == 0 ? steps : min;
    }

    /** Updates head row {@code row} has had (0 for a row added since the last step). */
    public long rowUpdates(int row) {
        long[] c = updates.get(ClassifierHead.BIAS);
        return c == null || row >= c.length ? 0 : c[row];
    }

    /** Biases, LayerNorm and embeddings are not decayed (BERT practice). */
    private static boolean decays(String name, NDArray p) {
        return p.getShape().dimension() >= 2 && !name.contains("LayerNorm") && !name.startsWith("embeddings.");
    }

    /** The moment of {@code name}, created at zero, or grown to {@code shape} by zero rows. */
    private NDArray moment(Map<String, NDArray> moments, String name, Shape shape) {
        NDArray m = moments.get(name);
        if (m == null) {
            m = manager.zeros(shape);
            moments.put(name, m);
        } else if (!m.getShape().equals(shape)) {
            long extra = shape.get(0) - m.getShape().get(0);
            if (extra <= 0 || !m.getShape().slice(1).equals(shape.slice(1))) {
                throw new IllegalStateException(
                        "optimizer state of " + name + " has shape " + m.getShape() + " but the parameter "
                                + shape + "; only growth by rows (new labels) is supported.");
            }
            NDArray grown;
            try (NDArray zeros = manager.zeros(new Shape(extra).addAll(shape.slice(1)))) {
                grown = m.concat(zeros, 0);
            }
            m.close();
            m = grown;
            moments.put(name, m);
        }
        return m;
    }

    /**
     * The state as host tensors: {@code exp_avg.<name>}, {@code exp_avg_sq.<name>} and {@code updates.<name>} (update
     * counts, exact in float up to 2^24).
     */
    public Map<String, HostTensor> state() {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        firstMoments.forEach((name, m) -> out.put("exp_avg." + name, HostTensor.of(m)));
        secondMoments.forEach((name, v) -> out.put("exp_avg_sq." + name, HostTensor.of(v)));
        updates.forEach((name, c) -> {
            float[] values = new float[c.length];
            for (int i = 0; i < c.length; i++) {
                values[i] = c[i];
            }
            out.put(UPDATES + name, new HostTensor(new long[] {c.length}, values));
        });
        return out;
    }

    /**
     * Replaces the moments named in {@code moments} (keys as in {@link #state()}) by the given values: what a
     * checkpoint that stores them rounded hands back, so the run goes on from exactly what a restore would load.
     */
    public void replaceMoments(Map<String, HostTensor> moments) {
        moments.forEach((key, tensor) -> {
            Map<String, NDArray> target = key.startsWith("exp_avg_sq.") ? secondMoments
                    : key.startsWith("exp_avg.") ? firstMoments : null;
            String name = key.substring(key.indexOf('.') + 1);
            NDArray old = target == null ? null : target.get(name);
            if (old == null || !java.util.Arrays.equals(old.getShape().getShape(), tensor.shape())) {
                throw new IllegalArgumentException("'" + key + "' is not a moment of this optimizer's shape.");
            }
            NDArray fresh = tensor.toNDArray(manager);
            target.put(name, fresh);
            old.close();
        });
    }

    /** Whether a state key holds update counts rather than a moment shaped like its parameter. */
    public static boolean isCount(String key) {
        return key.startsWith(UPDATES);
    }

    private static final String UPDATES = "updates.";

    /** Restores {@link #state()} and the step count. */
    public void restore(Map<String, HostTensor> state, long stepCount) {
        firstMoments.values().forEach(NDArray::close);
        secondMoments.values().forEach(NDArray::close);
        firstMoments.clear();
        secondMoments.clear();
        updates.clear();
        state.forEach((key, tensor) -> {
            if (isCount(key)) {
                float[] values = tensor.data();
                long[] c = new long[values.length];
                for (int i = 0; i < c.length; i++) {
                    c[i] = (long) values[i];
                }
                updates.put(key.substring(UPDATES.length()), c);
                return;
            }
            NDArray array = tensor.toNDArray(manager);
            if (key.startsWith("exp_avg_sq.")) {
                secondMoments.put(key.substring("exp_avg_sq.".length()), array);
            } else if (key.startsWith("exp_avg.")) {
                firstMoments.put(key.substring("exp_avg.".length()), array);
            } else {
                array.close();
                throw new IllegalArgumentException("optimizer state key '" + key + "' is not a moment.");
            }
        });
        // a checkpoint from before per-parameter counts: every moment has seen every step
        for (Map.Entry<String, NDArray> e : firstMoments.entrySet()) {
            if (!updates.containsKey(e.getKey())) {
                long[] c = new long[rowWise(e.getKey()) ? (int) e.getValue().getShape().get(0) : 1];
                java.util.Arrays.fill(c, stepCount);
                updates.put(e.getKey(), c);
            }
        }
        steps = stepCount;
    }

    @Override
    public void close() {
        manager.close();
    }
}
