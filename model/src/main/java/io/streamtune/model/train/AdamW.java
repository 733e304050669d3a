package io.streamtune.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.streamtune.model.encoder.HostTensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter) over named parameters, written here so its state (both moments
 * and the step count) can be saved and restored exactly. Moments live in a manager of their own
 * and grow with the head when a label is added (new rows start at zero).
 */
public final class AdamW implements AutoCloseable {

    private final OptimizerSettings settings;
    private final NDManager manager;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
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
        double correction1 = 1 - Math.pow(b1, t);
        float rootCorrection2 = (float) Math.sqrt(1 - Math.pow(b2, t));
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
            try (NDArray squared = g.square()) {
                v.muli(b2).addi(squared.muli(1 - b2));
            }
            m.muli(b1).addi(g.muli(1 - b1));
            float lr = rates.get(name);
            if (settings.weightDecay() > 0 && decays(name, p)) {
                p.muli(1 - lr * settings.weightDecay());
            }
            // p -= lr / c1 * m / (sqrt(v) / sqrt(c2) + eps)
            try (NDArray denominator = v.sqrt()) {
                denominator.divi(rootCorrection2).addi(settings.epsilon());
                try (NDArray update = m.div(denominator)) {
                    p.subi(update.muli((float) (lr / correction1)));
                }
            }
            JniUtils.zeroGrad((PtNDArray) p);
        }
        steps = t;
        return norm;
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

    /** The state as host tensors: {@code exp_avg.<name>} and {@code exp_avg_sq.<name>}. */
    public Map<String, HostTensor> state() {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        firstMoments.forEach((name, m) -> out.put("exp_avg." + name, HostTensor.of(m)));
        secondMoments.forEach((name, v) -> out.put("exp_avg_sq." + name, HostTensor.of(v)));
        return out;
    }

    /** Restores {@link #state()} and the step count. */
    public void restore(Map<String, HostTensor> state, long stepCount) {
        firstMoments.values().forEach(NDArray::close);
        secondMoments.values().forEach(NDArray::close);
        firstMoments.clear();
        secondMoments.clear();
        state.forEach((key, tensor) -> {
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
        steps = stepCount;
    }

    @Override
    public void close() {
        manager.close();
    }
}
