package io.streamtune.client;

import java.util.Objects;

/**
 * Which registered version of which model a set of serving files is: the registry's version number and the checkpoint
 * it was exported from.
 *
 * @param model        the model's name in the registry
 * @param version      the registry's version number, from 1
 * @param checkpointId the checkpoint the version was exported from; may be null where the registry gave none
 */
public record ModelVersion(String model, int version, String checkpointId) {

    public ModelVersion {
        Objects.requireNonNull(model, "model");
    }

    @Override
    public String toString() {
        return model + " v" + version + (checkpointId == null ? "" : " (" + checkpointId + ")");
    }
}
