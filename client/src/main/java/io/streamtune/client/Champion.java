package io.streamtune.client;

import java.time.Instant;
import java.util.List;

/**
 * A model's current champion as the registry serves it ({@code GET /api/v1/models/{model}/champion}); the fields this
 * client uses, the others ignored.
 *
 * @param model        the model's name
 * @param version      the champion's registry version
 * @param checkpointId the checkpoint the version was exported from
 * @param generation   the registry's counter of champion moves for this model: a higher one is a later champion
 * @param since        when it became champion; null when the registry did not say
 * @param serving      the serving files with their presigned URLs, sizes and SHA-256s
 */
public record Champion(String model, int version, String checkpointId, long generation, Instant since,
        List<ServingFile> serving) {

    public Champion {
        serving = List.copyOf(serving);
    }

    /** The version this champion is. */
    public ModelVersion modelVersion() {
        return new ModelVersion(model, version, checkpointId);
    }
}
