package io.streamtune.registry.promotion;

import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.contracts.CheckpointManifest;
import io.streamtune.contracts.ClassMetrics;
import io.streamtune.contracts.EvaluationMetrics;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.TrainingSettings;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code MODEL_CARD.md} of a version: what it is, what it was trained on and how it scored, in Markdown a person reads
 * before wiring it into an app. Everything in it comes from the version's own records (spec, checkpoint manifest,
 * evaluation report), so the card of a version is the same whoever writes it.
 */
final class ModelCard {

    static final String FILE_NAME = "MODEL_CARD.md";
    private static final String TABLE = "| | |\n|---|---|\n";

    private ModelCard() {
    }

    static String render(int version, ModelSpec spec, CheckpointManifest ck, EvaluationReport report) {
        CheckpointEvaluated e = report.evaluation();
        EvaluationMetrics m = e.candidate();
        StringBuilder b = new StringBuilder();
        b.append("# ").append(spec.name()).append(" — version ").append(version).append("\n\n");
        b.append("A text classifier continually fine-tuned by Streamtune from labelled feedback, promoted by the "
                + "registry's gates. Labels: ").append(String.join(", ", ck.labels().stream().map(l -> "`" + l + "`")
                .toList())).append(".\n\n");

        b.append("## Intended use\n\n");
        b.append("Classifying texts like the ones the `").append(spec.name()).append("` feedback stream carries, "
                + "into the labels above. It has seen only that stream: texts of another kind, another language or "
                + "another period may score far below the figures here. Texts are read up to ")
                .append(spec.training().maxSeqLength()).append(" tokens per window and ")
                .append(spec.training().maxWindows()).append(spec.training().maxWindows() == 1 ? " window (" : " windows (").append(spec.maxTextChars())
                .append(" characters accepted per example); the rest of a longer text is not read")
                .append(spec.training().hasLinearHalf() ? " by the transformer (the linear half reads all of it).\n\n"
                        : ".\n\n");

        b.append("## Model\n\n").append(TABLE);
        row(b, "base model", "`" + ck.baseModel() + "`");
        row(b, "fine-tuning", ck.fineTuneMode() == null ? "—" : ck.fineTuneMode().name().toLowerCase(Locale.ROOT)
                .replace('_', '-'));
        row(b, "checkpoint", "`" + ck.checkpointId() + "` (parent `" + orDash(ck.parentCheckpointId()) + "`)");
        row(b, "serving files", "`serving/model.onnx` (token ids in, logits out), `serving/tokenizer.json`, "
                + "`serving/labels.json`" + (spec.training().hasLinearHalf() ? ", `serving/linear-half.json`" : "")
                + "; how to score a text: Streamtune's docs/serving.md");
        b.append('\n');

        b.append("## Training data\n\n").append(TABLE);
        row(b, "steps", Long.toString(ck.step()));
        row(b, "examples trained on", Long.toString(ck.examplesSeen()));
        row(b, "stream offsets (partition → next offset)", offsets(ck.offsets()));
        row(b, "this checkpoint's segment started at", offsets(ck.fromOffsets()));
        row(b, "latest event time seen", ck.maxEventTime() == null ? "—" : ck.maxEventTime().toString());
        row(b, "checkpoint written", ck.createdAt() == null ? "—" : ck.createdAt().toString());
        row(b, "training loss (last steps)", String.format(Locale.ROOT, "%.4f", ck.trainingLoss()));
        if (ck.replay() != null) {
            row(b, "replay buffer", String.format(Locale.ROOT, "%s, %d of %d examples %s, %.1f MB",
                    ck.replay().strategy(), ck.replay().size(), ck.replay().capacity(),
                    new TreeMap<>(ck.replay().perClass()), ck.replay().bytes() / 1e6));
        }
        b.append('\n');

        b.append("## Training settings\n\nAs the model's spec sets them at this promotion (a spec changed during "
                + "training applied from its change on).\n\n").append(TABLE);
        TrainingSettings t = spec.training();
        row(b, "mode", t.fineTuneMode() + (t.topK() > 0 ? " (top " + t.topK() + " layers)" : ""));
        row(b, "batch", t.batchSize() + " examples, or what arrived within " + t.maxWaitMillis() + " ms");
        row(b, "learning rates", fmt(t.learningRate()) + " encoder, " + fmt(t.headLearningRate()) + " head, "
                + t.warmupSteps() + " warm-up steps");
        row(b, "replay", t.replay() + ", capacity " + t.replayCapacity() + ", ratio " + fmt(t.replayRatio()));
        row(b, "max share of one source", fmt(t.maxSourceShare()));
        row(b, "linear half", t.hasLinearHalf() ? "hashed TF-IDF + logistic regression, weight " + fmt(t.linearWeight())
                + " in the predicted probabilities" : "none (the transformer alone)");
        b.append('\n');

        b.append("## Evaluation\n\n");
        b.append("On the held-out snapshot `").append(orDash(e.heldoutSnapshotId())).append("` (")
                .append(m == null ? 0 : m.count()).append(" examples split from the stream by a keyed hash, never "
                + "trained on), evaluated ").append(e.occurredAt()).append(".\n\n");
        if (m != null) {
            b.append(TABLE);
            row(b, "macro-F1", fmt(m.macroF1()));
            row(b, "accuracy", fmt(m.accuracy()));
            row(b, "log loss", fmt(m.logLoss()));
            row(b, "expected calibration error", fmt(m.expectedCalibrationError()));
            row(b, "max forgetting (time slices)", fmt(m.maxForgetting()));
            if (e.champion() != null) {
                row(b, "previous champion's macro-F1, same snapshot",
                        fmt(e.champion().macroF1()) + (e.championVersion() == null ? ""
                                : " (version " + e.championVersion() + ")"));
            }
            b.append("\n| class | precision | recall | F1 | support |\n|---|---|---|---|---|\n");
            for (Map.Entry<String, ClassMetrics> c : new TreeMap<>(m.perClass()).entrySet()) {
                ClassMetrics cm = c.getValue();
                b.append("| `").append(c.getKey()).append("` | ").append(fmt(cm.precision())).append(" | ")
                        .append(fmt(cm.recall())).append(" | ").append(fmt(cm.f1())).append(" | ")
                        .append(cm.support()).append(" |\n");
            }
            b.append('\n');
        }
        b.append("Promotion gates:\n\n");
        for (GateResult g : report.gates()) {
            b.append("- ").append(g.passed() ? "passed" : "FAILED").append(" `").append(g.gate().wire()).append("`: ")
                    .append(g.detail()).append('\n');
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String key, String value) {
        b.append("| ").append(key).append(" | ").append(value).append(" |\n");
    }

    private static String offsets(Map<Integer, Long> offsets) {
        return offsets == null || offsets.isEmpty() ? "—" : new TreeMap<>(offsets).toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String orDash(String s) {
        return s == null ? "—" : s;
    }
}
