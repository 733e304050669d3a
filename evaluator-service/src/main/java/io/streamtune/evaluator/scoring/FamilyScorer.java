package io.streamtune.evaluator.scoring;

import io.streamtune.evaluator.evaluation.Scorer;
import io.streamtune.evaluator.evaluation.ScoringModel;
import io.streamtune.evaluator.evaluation.UnusableCheckpointException;
import io.streamtune.evaluator.heldout.HeldoutSnapshot;
import io.streamtune.training.linear.LinearHalf;
import io.streamtune.training.linear.LinearModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Scores whichever family a checkpoint (or a version copied from one) holds: the {@code linear} family's files
 * ({@link LinearModel}) where they are, the transformer's otherwise, blended with its linear half where it has one
 * ({@link LinearHalf}). The files decide, not the announcement, so a champion version is scored as what it is.
 */
public final class FamilyScorer implements Scorer {

    private final Scorer transformer;

    public FamilyScorer(Scorer transformer) {
        this.transformer = transformer;
    }

    @Override
    public ScoringModel load(String model, Path dir) {
        Path blended = LinearHalf.folderIn(dir).orElse(null);
        if (blended != null) {
            return blend(model, dir, blended);
        }
        Path linear = LinearModel.folderIn(dir).orElse(null);
        if (linear == null) {
            return transformer.load(model, dir);
        }
        LinearModel m;
        try {
            m = LinearModel.load(linear);
        } catch (IOException | RuntimeException e) {
            throw new UnusableCheckpointException(dir.getFileName() + ": not a readable linear model (" + e.getMessage()
                    + ")", e);
        }
        return new ScoringModel() {
            @Override
            public List<String> labels() {
                return m.labels();
            }

            @Override
            public float[][] probabilities(HeldoutSnapshot snapshot) {
                double[][] p = m.probabilities(snapshot.texts());
                float[][] out = new float[p.length][];
                for (int i = 0; i < p.length; i++) {
                    out[i] = new float[p[i].length];
                    for (int j = 0; j < p[i].length; j++) {
                        out[i][j] = (float) p[i][j];
                    }
                }
                return out;
            }

            @Override
            public void close() {
                // plain Java arrays: nothing to release
            }
        };
    }

    /** The transformer's probabilities blended with its linear half's. */
    private ScoringModel blend(String model, Path dir, Path folder) {
        LinearHalf half;
        try {
            half = LinearHalf.load(folder);
        } catch (IOException | RuntimeException e) {
            throw new UnusableCheckpointException(dir.getFileName() + ": not a readable linear half (" + e.getMessage()
                    + ")", e);
        }
        ScoringModel deep = transformer.load(model, dir);
        if (!deep.labels().equals(half.model().labels())) {
            deep.close();
            throw new UnusableCheckpointException(dir.getFileName() + ": the linear half's labels "
                    + half.model().labels() + " are not the transformer's " + deep.labels());
        }
        return new ScoringModel() {
            @Override
            public List<String> labels() {
                return deep.labels();
            }

            @Override
            public float[][] probabilities(HeldoutSnapshot snapshot) {
                return half.blend(deep.probabilities(snapshot), snapshot.texts());
            }

            @Override
            public void close() {
                deep.close();
            }
        };
    }
}
