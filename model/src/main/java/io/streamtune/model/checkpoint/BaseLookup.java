package io.streamtune.model.checkpoint;

import io.streamtune.model.IncompatibleCheckpointException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the local file of the base weights a delta checkpoint refers to (see {@link BaseWeights}), fetching it where
 * the implementation can (the services fetch it from the checkpoints bucket). The file returned holds exactly the
 * bytes of that SHA-256.
 */
@FunctionalInterface
public interface BaseLookup {

    /**
     * @throws IncompatibleCheckpointException when no base of that SHA-256 can be found
     */
    Path find(String sha256) throws IOException;

    /** Finds nothing: only full checkpoints load. */
    static BaseLookup none() {
        return sha -> {
            throw new IncompatibleCheckpointException("this checkpoint holds only the weights that train and refers "
                    + "to the base weights " + sha + " for the rest, and no store of base weights was given to load "
                    + "them from.");
        };
    }

    /** A folder of {@code <sha256>.safetensors} files, trusted as written by {@link BaseWeights#store}. */
    static BaseLookup folder(Path folder) {
        return sha -> {
            Path file = BaseWeights.file(folder, sha);
            if (!Files.isRegularFile(file)) {
                throw new IncompatibleCheckpointException("the base weights " + sha + " are not in " + folder + ".");
            }
            return file;
        };
    }

    /** This lookup, then {@code other} when this one finds nothing. */
    default BaseLookup orElse(BaseLookup other) {
        return sha -> {
            try {
                return find(sha);
            } catch (IncompatibleCheckpointException e) {
                return other.find(sha);
            }
        };
    }
}
