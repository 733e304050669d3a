package io.streamtune.training;

import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.TrainingSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/** A learner that delegates, for tests that watch or slow down steps. */
public class DelegatingLearner implements Learner {

    protected final Learner inner;

    public DelegatingLearner(Learner inner) {
        this.inner = inner;
    }

    public Learner inner() {
        return inner;
    }

    /** Every learner the factory makes, wrapped. */
    public static LearnerFactory wrapping(LearnerFactory factory, UnaryOperator<Learner> wrap) {
        return new LearnerFactory() {
            @Override
            public Learner create(ModelSpec spec, TrainingSettings settings, List<String> labels) throws IOException {
                return wrap.apply(factory.create(spec, settings, labels));
            }

            @Override
            public Learner restore(ModelSpec spec, TrainingSettings settings, Path dir) throws IOException {
                return wrap.apply(factory.restore(spec, settings, dir));
            }
        };
    }

    /** Steps that take at least {@code millis}, so a test can stop a loop half-way. */
    public static LearnerFactory slowed(LearnerFactory factory, long millis) {
        return wrapping(factory, l -> new DelegatingLearner(l) {
            @Override
            public StepOutcome step(List<TrainingRow> rows) {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.step(rows);
            }
        });
    }

    /**
     * After {@code steps} steps (counted over every learner the factory makes), the next step waits: {@code reached}
     * counts down, and the step goes on once {@code release} does. A test halts the loop while a step is under way.
     */
    public static LearnerFactory gated(LearnerFactory factory, int steps, CountDownLatch reached,
            CountDownLatch release) {
        AtomicInteger done = new AtomicInteger();
        return wrapping(factory, l -> new DelegatingLearner(l) {
            @Override
            public StepOutcome step(List<TrainingRow> rows) {
                if (done.getAndIncrement() == steps) {
                    reached.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.step(rows);
            }
        });
    }

    @Override
    public List<String> labels() {
        return inner.labels();
    }

    @Override
    public int addLabel(String label) {
        return inner.addLabel(label);
    }

    @Override
    public int addLabel(String label, List<TrainingRow> examples, List<TrainingRow> others) {
        return inner.addLabel(label, examples, others);
    }

    @Override
    public long labelUpdates(int index) {
        return inner.labelUpdates(index);
    }

    @Override
    public boolean cachesFeatures() {
        return inner.cachesFeatures();
    }

    @Override
    public StepOutcome step(List<TrainingRow> rows) {
        return inner.step(rows);
    }

    @Override
    public float[][] predict(List<String> texts) {
        return inner.predict(texts);
    }

    @Override
    public List<byte[]> features(List<String> texts) {
        return inner.features(texts);
    }

    @Override
    public float[][] predictFeatures(List<byte[]> features) {
        return inner.predictFeatures(features);
    }

    @Override
    public void save(Path dir) throws IOException {
        inner.save(dir);
    }

    @Override
    public java.util.Optional<BaseFile> base() {
        return inner.base();
    }

    @Override
    public io.streamtune.training.replay.StoredFeatures storedFeatures() {
        return inner.storedFeatures();
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public void close() {
        inner.close();
    }
}
