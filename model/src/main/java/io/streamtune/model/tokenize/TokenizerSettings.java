package io.streamtune.model.tokenize;

/**
 * How texts become windows of token ids.
 *
 * @param maxLength tokens per window including [CLS] and [SEP] (default 128, at most 512)
 * @param stride tokens shared by consecutive windows (HuggingFace's meaning of stride; 0 = none)
 * @param maxWindows windows read per text; a text longer than that is cut after the last window
 */
public record TokenizerSettings(int maxLength, int stride, int maxWindows) {

    public static final int DEFAULT_MAX_LENGTH = 128;
    public static final int LIMIT_MAX_LENGTH = 512;

    public TokenizerSettings {
        if (maxLength < 8 || maxLength > LIMIT_MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "maxLength must be between 8 and " + LIMIT_MAX_LENGTH + " but was " + maxLength + ".");
        }
        if (stride < 0 || stride > maxLength / 2) {
            throw new IllegalArgumentException(
                    "stride must be between 0 and maxLength/2 = " + maxLength / 2 + " but was " + stride + ".");
        }
        if (maxWindows < 1 || maxWindows > 64) {
            throw new IllegalArgumentException(
                    "maxWindows must be between 1 and 64 but was " + maxWindows + ".");
        }
    }

    /** 128 tokens, no overlap, up to 4 windows (the first 500 or so wordpieces of a text). */
    public static TokenizerSettings defaults() {
        return new TokenizerSettings(DEFAULT_MAX_LENGTH, 0, 4);
    }

    public TokenizerSettings withMaxLength(int value) {
        return new TokenizerSettings(value, Math.min(stride, value / 2), maxWindows);
    }

    public TokenizerSettings withStride(int value) {
        return new TokenizerSettings(maxLength, value, maxWindows);
    }

    public TokenizerSettings withMaxWindows(int value) {
        return new TokenizerSettings(maxLength, stride, value);
    }
}
