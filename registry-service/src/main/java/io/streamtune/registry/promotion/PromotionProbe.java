package io.streamtune.registry.promotion;

import io.streamtune.contracts.ChampionPointer;
import io.streamtune.storage.VersionManifest;

/** Hooks between the steps of a promotion, for tests that crash a registry at a precise point. */
public interface PromotionProbe {

    PromotionProbe NONE = new PromotionProbe() {
    };

    /** The version is complete in S3; the champion pointer has not moved yet. */
    default void versionCreated(VersionManifest version) {
    }

    /** The pointer names the new version; nothing is announced or recorded yet. */
    default void championMoved(ChampionPointer pointer) {
    }
}
