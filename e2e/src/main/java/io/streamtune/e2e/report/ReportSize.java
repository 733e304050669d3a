package io.streamtune.e2e.report;

/**
 * How big a run is: the full report, or {@code --quick} (a slice of each corpus, every code path, minutes).
 *
 * @param spamStride keeps every n-th email of the SpamAssassin stream (1 = all)
 * @param evaluateEvery batches between two held-out evaluations of the SpamAssassin stream
 * @param jointEpochs epochs of the offline joint training (the upper bound)
 * @param emojiStride keeps every n-th example of Split-Emoji
 * @param liveBatches batches of the throughput run with live (uncached) prefixes
 * @param windowed whether to run the 4-window variant of the default configuration
 * @param emojiEpochs passes over each Split-Emoji task before the next arrives
 */
record ReportSize(boolean quick, int spamStride, int evaluateEvery, int jointEpochs, int emojiStride,
        int liveBatches, boolean windowed, int emojiEpochs) {

    static ReportSize full(boolean windowed) {
        return new ReportSize(false, 1, 60, 2, 1, 12, windowed, 1);
    }

    static ReportSize small(boolean windowed) {
        return new ReportSize(true, 10, 8, 2, 4, 3, windowed, 1);
    }

    ReportSize withEmojiEpochs(int value) {
        return new ReportSize(quick, spamStride, evaluateEvery, jointEpochs, emojiStride, liveBatches, windowed,
                value);
    }
}
