package io.streamtune.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import io.streamtune.model.ModelRuntime;
import io.streamtune.model.encoder.StepDropout;
import io.streamtune.model.classifier.Classifier;
import io.streamtune.model.classifier.ClassifierHead;
import io.streamtune.model.classifier.FineTuneMode;
import io.streamtune.model.classifier.FineTuning;
import io.streamtune.model.classifier.PrefixOutput;
import io.streamtune.model.encoder.HostTensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Takes optimizer steps on a classifier. In head and top-k modes texts go through the frozen
 * prefix without autograd and the step trains the top on prefix outputs (cached or fresh); in full
 * mode the whole network trains on texts. Each step's arrays live in a sub-manager closed at the
 * end of the step; steps are serialised JVM-wide (DJL's gradient collector is a singleton).
 * Dropout is seeded from (seed, step), so a run resumed from a checkpoint repeats exactly; so are gradual
 * unfreezing's stage and the rate schedule, both functions of the optimizer's counts.
 */
public final class ClassifierTrainer implements AutoCloseable {

    private final Classifier classifier;
    private final AdamW optimizer;
    private final TrainingLoss loss;

    public ClassifierTrainer(Classifier classifier, OptimizerSettings settings) {
        this(classifier, settings, WeightedLoss.INSTANCE);
    }

    public ClassifierTrainer(Classifier classifier, OptimizerSettings settings, TrainingLoss loss) {
        this.classifier = classifier;
        this.optimizer = new AdamW(settings, classifier.training().newStepManager());
        this.loss = loss;
    }

    public Classifier classifier() {
        return classifier;
    }

    public AdamW optimizer() {
        return optimizer;
    }

    /** Steps done (restored with the optimizer state from a checkpoint). */
    public long steps() {
        return optimizer.steps();
    }

    /** One optimizer step on {@code batch}. */
    public StepResult step(List<TrainingExample> batch) {
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("a training step needs at least one example.");
        }
        ReentrantLock lock = ModelRuntime.trainingLock();
        lock.lock();
        try (NDManager sub = classifier.training().newStepManager()) {
            ModelRuntime.noGradOnThisThread();
            FineTuning fineTuning = classifier.config().fineTuning();
            if (fineTuning.mode() == FineTuneMode.GRADUAL) {
                classifier.training().trainTopLayers(fineTuning.trainedLayers(optimizer.steps()));
            }
            boolean cached = classifier.config().fineTuning().hasFrozenPrefix();
            List<PrefixOutput> prefixes = cached ? prefixes(batch) : null;
            List<String> texts = cached ? null : texts(batch);
            Engine engine = ModelRuntime.engine();
            engine.setRandomSeed((int) (classifier.config().seed() * 1_000_003L + optimizer.steps()));
            StepDropout.seed(classifier.config().seed() * 1_000_003L + optimizer.steps());
            NDArray logits;
            NDArray value;
            try (GradientCollector collector = engine.newGradientCollector()) {
                logits = cached ? classifier.training().topLogits(prefixes, sub, true) : classifier.training().fullLogits(texts, sub, true);
                value = loss.compute(logits, batch);
                collector.backward(value);
            }
            // the collector restored grad mode off: the update below is not recorded
            ModelRuntime.noGradOnThisThread();
            float lossValue = value.getFloat();
            float[][] rows = HostTensor.of(logits).rows();
            Map<String, Parameter> params = classifier.training().trainableParameters();
            float rate = optimizer.settings().rate(optimizer.steps(), optimizer.headAge());
            Map<String, Float> rates = new HashMap<>();
            for (String name : params.keySet()) {
                boolean head = name.equals(ClassifierHead.WEIGHT) || name.equals(ClassifierHead.BIAS);
                OptimizerSettings s = optimizer.settings();
                rates.put(name, rate * (head ? s.headLearningRate() : s.encoderLearningRate()));
            }
            float norm = optimizer.update(params, rates, sub);
            return new StepResult(optimizer.steps(), lossValue, norm,
                    rate * optimizer.settings().headLearningRate(), rows, prefixes);
        } finally {
            StepDropout.clear();
            lock.unlock();
        }
    }

    private List<PrefixOutput> prefixes(List<TrainingExample> batch) {
        List<String> texts = new ArrayList<>();
        for (TrainingExample e : batch) {
            if (e.text() != null) {
                texts.add(e.text());
            }
        }
        // each text on its own: a replay buffer can keep its tokens and compute these bytes again on restore
        List<PrefixOutput> fresh = texts.isEmpty() ? List.of() : classifier.inference().prefixAlone(texts);
        List<PrefixOutput> out = new ArrayList<>(batch.size());
        int next = 0;
        for (TrainingExample e : batch) {
            out.add(e.text() != null ? fresh.get(next++) : e.prefix());
        }
        return out;
    }

    private static List<String> texts(List<TrainingExample> batch) {
        List<String> texts = new ArrayList<>(batch.size());
        for (TrainingExample e : batch) {
            if (e.text() == null) {
                throw new IllegalArgumentException(
                        "full fine-tuning trains on texts; a cached prefix output has no frozen prefix to stand for.");
            }
            texts.add(e.text());
        }
        return texts;
    }

    @Override
    public void close() {
        optimizer.close();
    }
}
