package io.streamtune.model.classifier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.streamtune.model.ModelRuntime;
import io.streamtune.model.encoder.HostTensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a training step on a {@link Classifier} is made of: logits whose autograd follows the thread's grad mode, the
 * parameters the fine-tune mode trains, gradual unfreezing, and the head as it stands (for weight imprinting).
 */
public final class ClassifierTraining {

    private final Classifier c;

    ClassifierTraining(Classifier c) {
        this.c = c;
    }

    /**
     * Logits [N, labels] of the trainable top over cached prefixes, arrays in {@code sub}; {@code training} turns
     * dropout on. Autograd follows the thread's grad mode.
     */
    public NDArray topLogits(List<PrefixOutput> outputs, NDManager sub, boolean training) {
        return c.topLogits(outputs, sub, training);
    }

    /** Logits [N, labels] of the whole network over texts (full mode), arrays in {@code sub}. */
    public NDArray fullLogits(List<String> texts, NDManager sub, boolean training) {
        Windows w = Windows.of(c.tokenizer().windows(texts));
        ParameterStore ps = new ParameterStore(sub, false);
        WindowBatch batch = WindowBatch.of(w.flat(), sub);
        NDArray logits = c.headOf(c.pooled(ps, batch, training), ps, training);
        return WindowBatch.averaging(w.owners(), texts.size(), sub).matMul(logits);
    }

    /** The head's input [outputs][hidden] for cached prefix outputs (a text's windows averaged), grad mode off. */
    public float[][] pooled(List<PrefixOutput> outputs) {
        c.requirePrefix();
        ModelRuntime.noGradOnThisThread();
        try (NDManager sub = c.manager().newSubManager()) {
            ParameterStore ps = new ParameterStore(sub, false);
            PrefixBatch batch = PrefixBatch.of(outputs, c, sub);
            NDArray pooled = c.topPooled(batch, ps, false);
            return HostTensor.of(WindowBatch.averaging(batch.owners(), outputs.size(), sub).matMul(pooled)).rows();
        }
    }

    /**
     * Gradual unfreezing: of the encoder layers above the frozen prefix, only the top {@code layers} train (the others
     * still run). Top-k and head modes set all of theirs at construction; a training step calls this per step.
     */
    public void trainTopLayers(int layers) {
        int total = c.encoderConfig().numLayers();
        int frozen = c.frozenLayers();
        if (frozen < 0 || layers < 0 || layers > total - frozen) {
            throw new IllegalArgumentException("can train the top 0.." + (frozen < 0 ? 0 : total - frozen)
                    + " layers in " + c.config().fineTuning() + " mode, not " + layers + ".");
        }
        List<Parameter> top = c.encoder().parametersFrom(frozen);
        List<Parameter> trained = c.encoder().parametersFrom(total - layers);
        for (Parameter p : top) {
            boolean train = trained.contains(p);
            if (p.requiresGradient() != train) {
                p.freeze(!train);
            }
        }
    }

    /** The head's rows [labels][hidden], copied to the host. */
    public float[][] headRows() {
        return HostTensor.of(c.head().weight().getArray()).rows();
    }

    /** The head's biases [labels], copied to the host. */
    public float[] headBiases() {
        return c.head().bias().getArray().toFloatArray();
    }

    /** Every parameter under its HuggingFace name; the head as {@code classifier.weight/bias}. */
    public Map<String, Parameter> parameters() {
        Map<String, Parameter> out = new LinkedHashMap<>(c.encoder().namedParameters());
        out.put(ClassifierHead.WEIGHT, c.head().weight());
        out.put(ClassifierHead.BIAS, c.head().bias());
        return Collections.unmodifiableMap(out);
    }

    /**
     * The parameters that may differ from the pretrained encoder: the encoder layers above the frozen prefix (every
     * layer in full mode, embeddings included) and the head, in a stable order. What a delta checkpoint stores.
     */
    public Map<String, Parameter> tunedParameters() {
        java.util.Set<Parameter> tuned = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        tuned.addAll(c.encoder().parametersFrom(c.frozenLayers()));
        Map<String, Parameter> out = new LinkedHashMap<>();
        parameters().forEach((name, p) -> {
            if (tuned.contains(p) || name.equals(ClassifierHead.WEIGHT) || name.equals(ClassifierHead.BIAS)) {
                out.put(name, p);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** The parameters the fine-tune mode trains, in a stable order. */
    public Map<String, Parameter> trainableParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        parameters().forEach((name, p) -> {
            if (p.requiresGradient()) {
                out.put(name, p);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** A manager for one step's arrays, closed by the caller when the step ends. */
    public NDManager newStepManager() {
        return c.manager().newSubManager();
    }
}
