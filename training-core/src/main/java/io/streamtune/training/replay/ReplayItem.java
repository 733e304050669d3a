package io.streamtune.training.replay;

/**
 * One past example kept for replay.
 *
 * @param features what the learner needs to re-run it cheaply (the frozen prefix's output in head / top-k modes);
 *     null when the learner reads the text again (full mode)
 * @param text kept only when {@code features} is null, so a cached example does not pay for its text twice
 * @param logits the model's logits when the example entered the buffer (DER++); null for other strategies
 */
public record ReplayItem(String id, String label, String source, String text, byte[] features, float[] logits) {

    /** Rough per-item overhead of the objects around the payload, for the memory report. */
    static final int OVERHEAD_BYTES = 96;

    public ReplayItem {
        if (id == null || label == null || source == null) {
            throw new IllegalArgumentException("a replay item needs an id, a label and a source.");
        }
        if (features == null && text == null) {
            throw new IllegalArgumentException("replay item " + id + " has neither features nor text.");
        }
    }

    /** Bytes this item holds in memory (payload exact, object overhead estimated). */
    public long bytes() {
        long b = OVERHEAD_BYTES + 2L * (id.length() + label.length() + source.length());
        if (text != null) {
            b += 2L * text.length();
        }
        if (features != null) {
            b += features.length;
        }
        if (logits != null) {
            b += 4L * logits.length;
        }
        return b;
    }
}
