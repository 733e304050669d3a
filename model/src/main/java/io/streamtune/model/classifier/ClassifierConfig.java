package io.streamtune.model.classifier;

import io.streamtune.model.DeviceChoice;
import io.streamtune.model.tokenize.TokenizerSettings;

/**
 * How a classifier is built and run.
 *
 * @param fineTuning which part trains (default top-2)
 * @param tokenizer window length, stride and count
 * @param dropout dropout rate in training passes of the trainable part (default 0.1)
 * @param seed seeds the head's initial rows and every training step's dropout
 * @param device where the network runs
 * @param prefixPrecision storage of cached prefix outputs (default FP16)
 * @param inferenceBatchSize windows per forward pass at inference, after sorting by length
 *     (default 8: small chunks pad least and ran fastest on 2 shared cores)
 */
public record ClassifierConfig(
        FineTuning fineTuning,
        TokenizerSettings tokenizer,
        float dropout,
        long seed,
        DeviceChoice device,
        PrefixPrecision prefixPrecision,
        int inferenceBatchSize) {

    public ClassifierConfig {
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1) but was " + dropout + ".");
        }
        if (inferenceBatchSize < 1) {
            throw new IllegalArgumentException(
                    "inferenceBatchSize must be >= 1 but was " + inferenceBatchSize + ".");
        }
    }

    public static ClassifierConfig defaults() {
        return new ClassifierConfig(
                FineTuning.topK(2), TokenizerSettings.defaults(), 0.1f, 42L, DeviceChoice.AUTO,
                PrefixPrecision.FP16, 8);
    }

    public ClassifierConfig withFineTuning(FineTuning value) {
        return new ClassifierConfig(value, tokenizer, dropout, seed, device, prefixPrecision, inferenceBatchSize);
    }

    public ClassifierConfig withTokenizer(TokenizerSettings value) {
        return new ClassifierConfig(fineTuning, value, dropout, seed, device, prefixPrecision, inferenceBatchSize);
    }

    public ClassifierConfig withDropout(float value) {
        return new ClassifierConfig(fineTuning, tokenizer, value, seed, device, prefixPrecision, inferenceBatchSize);
    }

    public ClassifierConfig withSeed(long value) {
        return new ClassifierConfig(fineTuning, tokenizer, dropout, value, device, prefixPrecision, inferenceBatchSize);
    }

    public ClassifierConfig withDevice(DeviceChoice value) {
        return new ClassifierConfig(fineTuning, tokenizer, dropout, seed, value, prefixPrecision, inferenceBatchSize);
    }

    public ClassifierConfig withPrefixPrecision(PrefixPrecision value) {
        return new ClassifierConfig(fineTuning, tokenizer, dropout, seed, device, value, inferenceBatchSize);
    }

    public ClassifierConfig withInferenceBatchSize(int value) {
        return new ClassifierConfig(fineTuning, tokenizer, dropout, seed, device, prefixPrecision, value);
    }
}
