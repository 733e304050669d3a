package io.streamtune.evaluator.monitoring;

import io.streamtune.contracts.ChampionPointer;

/**
 * What a monitoring window compares: the champion as its pointer names it, and the version it replaced (null when
 * there is none). A window holds scores of exactly one such pair.
 */
public record Versions(String model, int champion, String championCheckpointId, long generation, Integer previous) {

    public static Versions of(ChampionPointer p) {
        return new Versions(p.model(), p.version(), p.checkpointId(), p.generation(), p.previousVersion());
    }
}
