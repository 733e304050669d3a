package io.streamtune.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code models/<model>/champion.json}: names the current version. Replaced only by compare-and-swap, and its
 * {@link #generation()} only grows, so a stale writer can never move it backwards.
 *
 * @param generation fencing token: every move writes the previous generation + 1
 * @param writer who moved it (instance id), for the audit trail
 * @param previousVersion the version the pointer moved from; null for a model's first champion, and in pointers
 *     written before it was added (the evaluator's monitoring compares the champion with it)
 * @param variant the variant whose checkpoint the version was made from
 * @param family its model family
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChampionPointer(
        int schemaVersion,
        String model,
        int version,
        String checkpointId,
        long generation,
        Instant updatedAt,
        String writer,
        String reason,
        Integer previousVersion,
        String variant,
        ModelFamily family) {

    public static final String FILE_NAME = "champion.json";

    /** A pointer to a primary-variant version, written as before variants existed. */
    public ChampionPointer(int schemaVersion, String model, int version, String checkpointId, long generation,
            Instant updatedAt, String writer, String reason, Integer previousVersion) {
        this(schemaVersion, model, version, checkpointId, generation, updatedAt, writer, reason, previousVersion, null,
                null);
    }

    public ChampionPointer {
        variant = Variant.orPrimary(variant);
        family = ModelFamily.orDefault(family);
        schemaVersion = Event.schemaVersionOrCurrent(schemaVersion);
        updatedAt = Event.nowIfNull(updatedAt);
        List<Violation> v = new ArrayList<>();
        Rules.modelName("model", model, v);
        Rules.range("version", version, 1, Integer.MAX_VALUE, v);
        Rules.id("checkpointId", checkpointId, v);
        Rules.range("generation", generation, 1, Long.MAX_VALUE, v);
        ContractViolationException.throwIfAny(v);
    }

    /** A pointer that does not name the version it moved from (a model's first champion). */
    public ChampionPointer(int schemaVersion, String model, int version, String checkpointId, long generation,
            Instant updatedAt, String writer, String reason) {
        this(schemaVersion, model, version, checkpointId, generation, updatedAt, writer, reason, null);
    }

    /** The pointer moved to another version, one generation on; it remembers the version it moved from. */
    public ChampionPointer next(int newVersion, String newCheckpointId, String by, String why) {
        return next(newVersion, newCheckpointId, by, why, null, null);
    }

    /** The pointer one generation on, at a version of this variant and family. */
    public ChampionPointer next(int newVersion, String newCheckpointId, String by, String why, String newVariant,
            ModelFamily newFamily) {
        return new ChampionPointer(0, model, newVersion, newCheckpointId, generation + 1, null, by, why, version,
                newVariant, newFamily);
    }
}
