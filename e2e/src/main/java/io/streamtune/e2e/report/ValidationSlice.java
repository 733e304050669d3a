package io.streamtune.e2e.report;

import io.streamtune.contracts.HeldoutSplit;
import io.streamtune.e2e.stack.DevKeys;
import io.streamtune.e2e.corpus.LabelledText;
import java.util.ArrayList;
import java.util.List;

/**
 * A training stream cut into what a choice may learn from and what it is scored on: the validation slice of fold k is
 * the ids whose {@link HeldoutSplit#bucket} is in [heldout % + {@value #PERCENT} k, heldout % + {@value #PERCENT}
 * (k + 1)), another 10 % of ids by the same hash, so the held-out set is never looked at when something is chosen.
 * Fold 0 is the one the TF-IDF baseline's tuning uses; the others give a choice more examples to be judged on (a
 * candidate compared on two folds is scored on twice the emails, each time learning without them).
 *
 * @param fit the stream without the validation slice, in stream order
 * @param validation the validation slice, in stream order
 */
record ValidationSlice(List<LabelledText> fit, List<LabelledText> validation) {

    static final int PERCENT = 10;

    static ValidationSlice of(List<LabelledText> train, String model, int heldoutPercent) {
        return of(train, model, heldoutPercent, 0);
    }

    static ValidationSlice of(List<LabelledText> train, String model, int heldoutPercent, int fold) {
        int from = from(heldoutPercent, fold);
        List<LabelledText> fit = new ArrayList<>();
        List<LabelledText> validation = new ArrayList<>();
        for (LabelledText t : train) {
            int bucket = HeldoutSplit.bucket(DevKeys.SPLIT, model, t.id());
            (bucket >= from && bucket < from + PERCENT ? validation : fit).add(t);
        }
        return new ValidationSlice(List.copyOf(fit), List.copyOf(validation));
    }

    /** The first bucket of fold {@code fold}'s slice; fails naming the option and its range when there is none. */
    static int from(int heldoutPercent, int fold) {
        int folds = folds(heldoutPercent);
        if (fold < 0 || fold >= folds) {
            throw new IllegalArgumentException("--validation-fold must be between 0 and " + (folds - 1) + " (the "
                    + "training stream's ids in slices of " + PERCENT + " %), got " + fold + ".");
        }
        return heldoutPercent + PERCENT * fold;
    }

    static int folds(int heldoutPercent) {
        return (100 - heldoutPercent) / PERCENT;
    }
}
