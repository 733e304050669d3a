package io.streamtune.evaluator.scoring;

import io.streamtune.evaluator.evaluation.Scorer;
import io.streamtune.evaluator.evaluation.ScoringModel;
import io.streamtune.evaluator.evaluation.UnusableCheckpointException;
import io.streamtune.model.DeviceChoice;
import io.streamtune.model.checkpoint.BaseLookup;
import io.streamtune.model.checkpoint.CheckpointIO;
import io.streamtune.model.classifier.Classifier;
import io.streamtune.storage.CorruptArtifactException;
import io.streamtune.storage.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@link Scorer} over the {@code model} module: {@link CheckpointIO#loadClassifier} (grad off at inference), with one
 * {@link PrefixCache} shared by every checkpoint and champion of a model.
 */
public final class DjlScorer implements Scorer {

    private final PrefixCache cache;
    private final int batchWindows;
    private final DeviceChoice device;
    private final BaseLookup bases;

    /** Full checkpoints only. */
    public DjlScorer(PrefixCache cache, int batchWindows, DeviceChoice device) {
        this(cache, batchWindows, device, BaseLookup.none());
    }

    /** @param bases the base weights delta checkpoints refer to (the checkpoints bucket, cached on disk) */
    public DjlScorer(PrefixCache cache, int batchWindows, DeviceChoice device, BaseLookup bases) {
        if (batchWindows < 1) {
            throw new IllegalArgumentException("streamtune.evaluator.scoring.batch-size must be >= 1, got "
                    + batchWindows + ".");
        }
        this.cache = cache;
        this.batchWindows = batchWindows;
        this.device = device;
        this.bases = bases;
    }

    @Override
    public ScoringModel load(String model, Path dir) {
        Classifier classifier;
        try {
            classifier = CheckpointIO.loadClassifier(modelFolder(dir), device, bases);
        } catch (IOException | NotFoundException | CorruptArtifactException e) {
            // a delta whose base weights are gone from the bucket (or changed) can never be scored
            throw new UnusableCheckpointException(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new UnusableCheckpointException(dir.getFileName() + ": " + e.getMessage(), e);
        }
        return new DjlScoringModel(model, classifier, cache, batchWindows);
    }

    /**
     * Where the model's files are: the trainer's checkpoints (and the versions copied from them) keep them under
     * {@code model/}, beside the replay buffer and the ledger; a bare model-module checkpoint has them at its root.
     */
    static Path modelFolder(Path dir) {
        Path nested = dir.resolve("model");
        return Files.isRegularFile(nested.resolve(CheckpointIO.MODEL_JSON)) ? nested : dir;
    }

    public PrefixCache cache() {
        return cache;
    }

}
