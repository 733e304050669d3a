package io.streamtune.training.replay;

import java.util.List;

/**
 * How a checkpoint keeps a replay item's features. A learner whose features are a pure function of a much smaller
 * input (the frozen prefix's output of a text's token ids) stores that input and computes the features again on
 * restore, bit for bit the bytes the buffer held; the others store them as they are.
 */
public interface StoredFeatures {

    /** Features stored as held. */
    StoredFeatures AS_HELD = new StoredFeatures() {
        @Override
        public byte[] compact(byte[] features) {
            return null;
        }

        @Override
        public List<byte[]> expand(List<byte[]> compact) {
            throw new IllegalStateException("this replay file holds features in a compact form; reading it needs the"
                    + " learner that wrote them.");
        }
    };

    /** The compact form of {@code features}, or null to store them as they are. */
    byte[] compact(byte[] features);

    /** The features again from their compact forms, in order. */
    List<byte[]> expand(List<byte[]> compact);
}
