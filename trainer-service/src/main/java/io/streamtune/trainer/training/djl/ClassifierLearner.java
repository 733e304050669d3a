package io.streamtune.trainer.training.djl;

import io.streamtune.model.checkpoint.CheckpointIO;
import io.streamtune.model.classifier.Classifier;
import io.streamtune.model.classifier.PrefixOutput;
import io.streamtune.model.train.ClassifierTrainer;
import io.streamtune.model.train.StepResult;
import io.streamtune.model.train.TrainingExample;
import io.streamtune.trainer.training.Learner;
import io.streamtune.trainer.training.StepOutcome;
import io.streamtune.trainer.training.TrainingRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real learner: the model module's classifier and AdamW trainer. In head and top-k modes new texts go through
 * the frozen prefix once per step and their prefix outputs come back as the replay buffer's features, so a replayed
 * example costs only the trainable top.
 */
public final class ClassifierLearner implements Learner {

    private final ClassifierTrainer trainer;
    private final Classifier classifier;

    ClassifierLearner(ClassifierTrainer trainer) {
        this.trainer = trainer;
        this.classifier = trainer.classifier();
    }

    @Override
    public List<String> labels() {
        return classifier.labels();
    }

    @Override
    public int addLabel(String label) {
        return classifier.addLabel(label);
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
            return new StepOutcome(false, e.logitsBroken(), Double.NaN, null, null);
        }
        if (!Float.isFinite(result.gradientNorm())) {
            // a finite loss with a non-finite gradient: the update wrote NaN/Inf into the weights
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

    @Override
    public float[][] predict(List<String> texts) {
        return classifier.predict(texts);
    }

    @Override
    public List<byte[]> features(List<String> texts) {
        return classifier.prefix(texts).stream().map(PrefixOutput::toBytes).toList();
    }

    @Override
    public float[][] predictFeatures(List<byte[]> features) {
        return classifier.top(features.stream().map(PrefixOutput::fromBytes).toList());
    }

    @Override
    public void save(Path dir) throws IOException {
        CheckpointIO.save(trainer, dir);
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
