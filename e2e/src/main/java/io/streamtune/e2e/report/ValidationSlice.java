package io.streamtune.e2e.report;

import io.streamtune.contracts.HeldoutSplit;
import io.streamtune.e2e.stack.DevKeys;
import io.streamtune.e2e.corpus.LabelledText;
import java.util.ArrayList;
import java.util.List;

/**
 * A training stream cut into what a choice may learn from and what it is scored on: the validation slice is the ids
 * whose {@link HeldoutSplit#bucket} is in [heldout %, heldout % + {@value #PERCENT}), another 10 % of ids by the same
 * hash, so the held-out set is never looked at when something is chosen.
 *
 * @param fit the stream without the validation slice, in stream order
 * @param validation the validation slice, in stream order
 */
record ValidationSlice(List<LabelledText> fit, List<LabelledText> validation) {

    static final int PERCENT = 10;

    static ValidationSlice of(List<LabelledText> train, String model, int heldoutPercent) {
        List<LabelledText> fit = new ArrayList<>();
        List<LabelledText> validation = new ArrayList<>();
        for (LabelledText t : train) {
            (inSlice(HeldoutSplit.bucket(DevKeys.SPLIT, model, t.id()), heldoutPercent) ? validation : fit).add(t);
        }
        return new ValidationSlice(List.copyOf(fit), List.copyOf(validation));
    }

    static boolean inSlice(int bucket, int heldoutPercent) {
        return bucket >= heldoutPercent && bucket < heldoutPercent + PERCENT;
    }
}
