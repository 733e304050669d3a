package io.streamtune.model.classifier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.streamtune.model.encoder.HostTensor;
import java.util.Random;

/**
 * The classification head: pooled embedding [N, H] → logits [N, labels]. It grows a row per new
 * label; existing rows are copied unchanged.
 */
public final class ClassifierHead extends AbstractBlock {

    public static final String WEIGHT = "classifier.weight";
    public static final String BIAS = "classifier.bias";

    private final int hidden;
    private final long seed;
    private Parameter weight;
    private Parameter bias;

    ClassifierHead(int hidden, long seed) {
        this.hidden = hidden;
        this.seed = seed;
    }

    /** A head with {@code labels} rows drawn from N(0, 0.02²), row r from a seed of its own. */
    void initialise(NDManager manager, int labels) {
        float[] w = new float[labels * hidden];
        for (int r = 0; r < labels; r++) {
            fillRow(w, r);
        }
        set(new HostTensor(new long[] {labels, hidden}, w).toNDArray(manager), manager.zeros(new Shape(labels)));
    }

    /** Sets trained values, e.g. from a checkpoint. */
    void set(NDArray w, NDArray b) {
        weight = addParameter(Parameter.builder().setName(WEIGHT).setType(Parameter.Type.WEIGHT).optArray(w).build());
        bias = addParameter(Parameter.builder().setName(BIAS).setType(Parameter.Type.BIAS).optArray(b).build());
    }

    /** Appends one row for a new label, {@code row} or a random one; the old rows stay bit for bit. */
    void grow(NDManager manager, boolean trainable, float[] row, float rowBias) {
        NDArray oldW = weight.getArray();
        NDArray oldB = bias.getArray();
        int labels = (int) oldW.getShape().get(0);
        float[] w = new float[(labels + 1) * hidden];
        System.arraycopy(oldW.toFloatArray(), 0, w, 0, labels * hidden);
        if (row == null) {
            fillRow(w, labels);
        } else {
            System.arraycopy(row, 0, w, labels * hidden, hidden);
        }
        float[] b = new float[labels + 1];
        System.arraycopy(oldB.toFloatArray(), 0, b, 0, labels);
        b[labels] = row == null ? 0f : rowBias;
        set(new HostTensor(new long[] {labels + 1, hidden}, w).toNDArray(manager),
                new HostTensor(new long[] {labels + 1}, b).toNDArray(manager));
        oldW.close();
        oldB.close();
        setTrainable(trainable);
    }

    void setTrainable(boolean trainable) {
        weight.freeze(!trainable);
        bias.freeze(!trainable);
    }

    int labels() {
        return (int) weight.getArray().getShape().get(0);
    }

    Parameter weight() {
        return weight;
    }

    Parameter bias() {
        return bias;
    }

    private void fillRow(float[] w, int row) {
        Random random = new Random(seed * 1_000_003L + row);
        for (int c = 0; c < hidden; c++) {
            w[row * hidden + c] = (float) (random.nextGaussian() * 0.02);
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return Linear.linear(x, ps.getValue(weight, x.getDevice(), training),
                ps.getValue(bias, x.getDevice(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), labels())};
    }
}
