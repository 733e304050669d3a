package io.streamtune.e2e.report;

import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.LabelledExample;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.e2e.corpus.LabelledText;
import io.streamtune.training.CheckpointAnnouncer;
import io.streamtune.training.DeadLetterSink;
import io.streamtune.training.ExampleQueue;
import io.streamtune.training.Incoming;
import io.streamtune.training.Learner;
import io.streamtune.training.LearnerFactory;
import io.streamtune.training.ModelTrainer;
import io.streamtune.training.TrainerOptions;
import io.streamtune.training.TrainingListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The trainer service's own loop ({@link ModelTrainer}: micro-batches, replay mixing, DER++ weights, head growth)
 * driven by hand over a corpus, without Kafka or S3: the report feeds it batches and reads its learner between them.
 */
final class StreamTrainer implements AutoCloseable {

    static final String SOURCE = "report";

    private final ModelTrainer trainer;
    private final String model;
    private long offset;
    private long replayed;

    StreamTrainer(String model, LabelSet labels, TrainingSettings settings, TrainerOptions options,
            LearnerFactory learners) throws IOException {
        this.model = model;
        ModelSpec spec = new ModelSpec(null, 0, null, model, labels, null, 0, 0, 0, settings, null);
        TrainingListener counter = new TrainingListener() {
            @Override
            public void onStep(String m, int examples, int replayedRows, double loss, long stepNanos) {
                replayed += replayedRows;
            }
        };
        this.trainer = new ModelTrainer(spec, options, learners, null,
                new ExampleQueue(() -> { }), DeadLetterSink.NONE, CheckpointAnnouncer.NONE, counter);
        trainer.open();
    }

    /** One micro-batch through the loop (a step on it plus its replay sample). */
    void train(List<LabelledText> batch) {
        List<Incoming> in = new ArrayList<>(batch.size());
        for (LabelledText t : batch) {
            // every record its own id: the report's later epochs repeat examples on purpose, which the trainer's
            // de-duplication by id would skip
            LabelledExample e = new LabelledExample(null, 0, null, t.id() + ":" + offset, model, t.text(), t.label(),
                    SOURCE, t.eventTime(), null);
            in.add(Incoming.example(0, offset++, System.nanoTime(), e));
        }
        trainer.train(in);
    }

    Learner learner() {
        return trainer.learner();
    }

    /** New examples trained on so far. */
    long examples() {
        return trainer.status().examplesSeen();
    }

    /** Replayed rows trained on so far. */
    long replayed() {
        return replayed;
    }

    /** Seconds spent in learner steps so far. */
    double stepSeconds() {
        return trainer.status().stepNanos() / 1e9;
    }

    long skippedBatches() {
        return trainer.status().skippedBatches();
    }

    /** Index of the largest logit of each row, as a label. */
    static List<String> argmax(float[][] logits, List<String> labels) {
        List<String> out = new ArrayList<>(logits.length);
        for (float[] row : logits) {
            int best = 0;
            for (int k = 1; k < row.length; k++) {
                if (row[k] > row[best]) {
                    best = k;
                }
            }
            out.add(labels.get(best));
        }
        return out;
    }

    @Override
    public void close() {
        trainer.close();
    }
}
