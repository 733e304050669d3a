package io.streamtune.training;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.streamtune.contracts.TrainingSettings;
import java.time.Instant;
import java.util.List;

/**
 * {@code state.json} of a checkpoint: the loop's counters and settings. Weights and optimizer state are under
 * {@code model/}, the replay buffer (with its random generator's state) in {@code replay.bin}, the de-duplication
 * window in {@code trained-ids.txt.gz}.
 *
 * @param duplicates records not trained because their example id was trained before (0 in older checkpoints)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CheckpointState(int format, String model, long step, long examplesSeen, long skippedBatches,
        long rollbacks, long deadLettered, Instant maxEventTime, List<String> labels, TrainingSettings settings,
        long duplicates) {

    public static final String FILE_NAME = "state.json";
    public static final String LABELS_FILE = "labels.json";
    public static final String REPLAY_FILE = "replay.bin";
    public static final String MODEL_DIR = "model";
    /** The ids of the last examples trained, one a line, oldest first, gzip ({@link TrainedIds}). */
    public static final String TRAINED_IDS_FILE = "trained-ids.txt.gz";
    public static final int FORMAT = 1;
}
