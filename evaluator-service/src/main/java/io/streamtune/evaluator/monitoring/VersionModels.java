package io.streamtune.evaluator.monitoring;

import io.streamtune.evaluator.heldout.HeldoutExample;
import java.util.List;
import java.util.Optional;

/** Where the monitor gets the versions to compare and their probabilities. */
public interface VersionModels {

    /** A version's classes and one probability row per example, in order. */
    record Rows(List<String> labels, float[][] rows) {
    }

    /** The champion and the version it replaced as the pointer names them now; empty without a champion. */
    Optional<Versions> current(String model);

    /** The champion version's probabilities (the model the checkpoint evaluations compare with). */
    Rows champion(String model, int version, List<HeldoutExample> examples);

    /** The previous version's probabilities (loaded on first use, one per model). */
    Rows previous(String model, int version, List<HeldoutExample> examples);
}
