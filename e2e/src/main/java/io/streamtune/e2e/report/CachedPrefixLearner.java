package io.streamtune.e2e.report;

import io.streamtune.training.Learner;
import io.streamtune.training.StepOutcome;
import io.streamtune.training.TrainingRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The trainer's learner, with the frozen prefix's output of every text looked up in a cache computed once instead of
 * run again in each step. The prefix is frozen, so a step on cached features is exactly the step the trainer takes
 * on the text (the model module's tests hold {@code top(prefix(x)) == predict(x)}); this only saves the report from
 * encoding every email once per configuration. Texts missing from the cache go through the learner as they are.
 */
final class CachedPrefixLearner implements Learner {

    private final Learner delegate;
    private final Map<String, byte[]> prefixes;

    CachedPrefixLearner(Learner delegate, Map<String, byte[]> prefixes) {
        if (!delegate.cachesFeatures()) {
            throw new IllegalArgumentException("a prefix cache needs a learner with a frozen prefix (head or top-k), "
                    + "got " + delegate.describe() + ".");
        }
        this.delegate = delegate;
        this.prefixes = prefixes;
    }

    @Override
    public List<String> labels() {
        return delegate.labels();
    }

    @Override
    public int addLabel(String label) {
        return delegate.addLabel(label);
    }

    @Override
    public int addLabel(String label, List<TrainingRow> examples, List<TrainingRow> others) {
        return delegate.addLabel(label, cached(examples), cached(others));
    }

    @Override
    public long labelUpdates(int index) {
        return delegate.labelUpdates(index);
    }

    @Override
    public boolean cachesFeatures() {
        return true;
    }

    @Override
    public StepOutcome step(List<TrainingRow> rows) {
        return delegate.step(cached(rows));
    }

    private List<TrainingRow> cached(List<TrainingRow> rows) {
        List<TrainingRow> cached = new ArrayList<>(rows.size());
        for (TrainingRow r : rows) {
            byte[] features = r.text() == null ? null : prefixes.get(r.text());
            cached.add(features == null ? r : r.withFeatures(features));
        }
        return cached;
    }

    @Override
    public float[][] predict(List<String> texts) {
        List<byte[]> features = new ArrayList<>(texts.size());
        for (String t : texts) {
            byte[] f = prefixes.get(t);
            if (f == null) {
                return delegate.predict(texts);
            }
            features.add(f);
        }
        return delegate.predictFeatures(features);
    }

    @Override
    public List<byte[]> features(List<String> texts) {
        return delegate.features(texts);
    }

    @Override
    public float[][] predictFeatures(List<byte[]> features) {
        return delegate.predictFeatures(features);
    }

    @Override
    public void save(Path dir) throws IOException {
        delegate.save(dir);
    }

    @Override
    public String describe() {
        return delegate.describe() + ", cached prefixes";
    }

    @Override
    public void close() {
        delegate.close();
    }
}
