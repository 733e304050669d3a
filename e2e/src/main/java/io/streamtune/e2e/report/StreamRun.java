package io.streamtune.e2e.report;

import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.LinearSettings;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.e2e.corpus.LabelledText;
import io.streamtune.training.TrainerOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One configuration over a stream through the trainer's loop on cached prefixes: each micro-batch is first predicted
 * (prequential accuracy), then trained on; the model is scored on a held-out set where the schedule says.
 */
final class StreamRun {

    private final String model;
    private final LabelSet labels;
    private final Map<String, byte[]> prefixes;
    private final HeldoutSet set;
    private final String setName;

    /** @param setName what {@code set} is, for the progress lines ("held-out", "validation") */
    StreamRun(String model, LabelSet labels, Map<String, byte[]> prefixes, HeldoutSet set, String setName) {
        this.model = model;
        this.labels = labels;
        this.prefixes = prefixes;
        this.set = set;
        this.setName = setName;
    }

    /**
     * @param linear the linear half's settings, where {@code settings} weigh one
     * @param prequential whether to predict each batch before training it (off for offline training)
     */
    RunResult train(String title, TrainingSettings settings, TrainerOptions options, LinearSettings linear,
            Schedule schedule, boolean prequential) throws IOException {
        List<Evaluation> curve = new ArrayList<>();
        Map<String, Evaluation> ends = new LinkedHashMap<>();
        Prequential p = prequential ? new Prequential(SpamExperiment.PREQUENTIAL_WINDOW) : null;
        long cpu = 0;
        Progress progress = Progress.start(title + " (" + Candidates.summary(settings, options) + ")",
                schedule.batches().size());
        try (StreamTrainer t = new StreamTrainer(model, labels, settings, options,
                CachingLearnerFactory.of(options, prefixes, linear))) {
            for (int i = 0; i < schedule.batches().size(); i++) {
                List<LabelledText> batch = schedule.batches().get(i);
                if (p != null) {
                    p.test(t.learner(), batch);
                }
                long c0 = CpuClock.processCpuNanos();
                t.train(batch);
                cpu += CpuClock.processCpuNanos() - c0;
                String detail = String.format(Locale.ROOT, "%.1f examples/s", t.examples() / t.stepSeconds());
                if (p != null) {
                    detail += String.format(Locale.ROOT, ", prequential accuracy (last %d) %.3f", p.window(),
                            p.windowAccuracy());
                }
                if (schedule.evaluateAfter().contains(i)) {
                    Evaluation e = set.evaluate(t.learner(), t.examples());
                    curve.add(e);
                    String phase = schedule.phaseEnds().get(i);
                    if (phase != null) {
                        ends.put(phase, e);
                    }
                    detail += ", " + setName + " macro-F1 " + SpamExperiment.fmt(e.slice(Evaluation.ALL).macroF1());
                }
                progress.at(i + 1, detail);
            }
            if (t.skippedBatches() > 0) {
                Progress.say("%s: %d batches skipped (non-finite loss)", title, t.skippedBatches());
            }
            return new RunResult(title, curve, ends, t.examples(), t.replayed(), t.stepSeconds(), cpu / 1e9, p);
        }
    }
}
