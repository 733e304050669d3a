package io.streamtune.e2e.report;

import java.util.List;
import java.util.Map;

/**
 * One configuration's run over a stream.
 *
 * @param curve the held-out scores at every evaluation point, in order
 * @param atPhaseEnd the held-out scores right after each phase of the stream (by phase name)
 * @param examples new examples trained on
 * @param replayed replayed rows trained on
 * @param stepSeconds wall seconds inside training steps
 * @param trainCpuSeconds process CPU seconds spent training (evaluation excluded)
 * @param prequential test-then-train accuracy on the stream itself; null for offline (joint) training
 */
record RunResult(String name, List<Evaluation> curve, Map<String, Evaluation> atPhaseEnd, long examples,
        long replayed, double stepSeconds, double trainCpuSeconds, Prequential prequential) {

    Evaluation last() {
        return curve.get(curve.size() - 1);
    }

    /** New examples per wall second of training. */
    double examplesPerSecond() {
        return examples / stepSeconds;
    }

    double cpuSecondsPer1000() {
        return 1000 * trainCpuSeconds / examples;
    }
}
