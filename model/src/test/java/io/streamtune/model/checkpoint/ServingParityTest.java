package io.streamtune.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.streamtune.client.OnnxModel;
import io.streamtune.model.TestModels;
import io.streamtune.model.classifier.Classifier;
import io.streamtune.model.classifier.FineTuning;
import io.streamtune.model.onnx.EncoderSource;
import io.streamtune.model.onnx.OnnxExporter;
import io.streamtune.model.train.ClassifierTrainer;
import io.streamtune.model.train.OptimizerSettings;
import io.streamtune.model.train.TrainingExample;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fine-tuned classifier exported to ONNX gives, through ONNX Runtime and the HuggingFace tokenizer alone, the logits
 * Streamtune gives through streamtune-client's {@link OnnxModel}: max |Δ| ≤ 1e-4 over {@value #DEFAULT_TEXTS} texts (-Dstreamtune.parity.texts=N to change), long
 * ones read as several windows.
 */
class ServingParityTest {

    private static final int DEFAULT_TEXTS = 500;
    private static final int TEXTS = Integer.getInteger("streamtune.parity.texts", DEFAULT_TEXTS);
    private static final double TOLERANCE = 1e-4;
    private static final List<String> LABELS = List.of("ham", "spam", "phishing");
    /** High rates so that three steps move every trained weight well beyond the tolerance. */
    private static final OptimizerSettings FAST = OptimizerSettings.defaults().withWarmupSteps(0)
            .withLearningRates(1e-2f, 1e-3f);

    @TempDir
    Path tmp;

    @Test
    void topTwoExportMatchesStreamtuneAndADeltaCheckpointExportsTheSameModel() throws Exception {
        Path bases = tmp.resolve("bases");
        String sha = BaseWeights.store(TestModels.miniLm().weights(), bases);
        try (Classifier c = trained(FineTuning.topK(2), tmp.resolve("checkpoint"), sha)) {
            Path served = export(c, tmp.resolve("served"));
            assertEquals(32, changedInitializers(served), "the 16 weights of each of the top 2 layers, and no other");
            assertParity(c, served);

            Path fromCheckpoint = tmp.resolve("from-checkpoint");
            ServingExport.write(tmp.resolve("checkpoint"), BaseLookup.folder(bases), EncoderSource.miniLm(),
                    fromCheckpoint);
            for (String file : List.of(ServingExport.MODEL, ServingExport.LABELS, CheckpointIO.TOKENIZER)) {
                assertArrayEquals(Files.readAllBytes(served.resolve(file)), Files.readAllBytes(fromCheckpoint.resolve(file)),
                        file + " from the delta checkpoint");
            }
        }
    }

    @Test
    void headOnlyExportMatchesStreamtune() throws Exception {
        try (Classifier c = trained(FineTuning.head(), tmp.resolve("checkpoint"), null)) {
            Path served = export(c, tmp.resolve("served"));
            assertEquals(0, changedInitializers(served), "the encoder is the pretrained one");
            assertParity(c, served);
        }
    }

    private static Path export(Classifier c, Path dir) throws IOException {
        long start = System.nanoTime();
        ServingExport.write(c, EncoderSource.miniLm(), dir);
        System.out.printf("export (%s): %.1f s, %s %.1f MB%n", c.config().fineTuning(), (System.nanoTime() - start) / 1e9,
                ServingExport.MODEL, Files.size(dir.resolve(ServingExport.MODEL)) / 1e6);
        return dir;
    }

    /** A classifier trained three steps and saved into {@code checkpoint} (a delta over {@code sha} when given). */
    private static Classifier trained(FineTuning mode, Path checkpoint, String sha) throws IOException {
        Classifier c = TestModels.classifier(mode, LABELS);
        try (ClassifierTrainer trainer = new ClassifierTrainer(c, FAST)) {
            List<String> texts = TestModels.texts(24);
            for (int step = 0; step < 3; step++) {
                List<TrainingExample> batch = new ArrayList<>();
                for (int i = step * 8; i < step * 8 + 8; i++) {
                    batch.add(TrainingExample.of(texts.get(i), i % LABELS.size()));
                }
                trainer.step(batch);
            }
            CheckpointIO.save(trainer, checkpoint, sha);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private static void assertParity(Classifier c, Path served) throws Exception {
        List<String> texts = TestModels.texts(TEXTS);
        int maxWindows = c.config().tokenizer().maxWindows();
        List<Integer> windows = c.tokenizer().windows(texts).stream().map(List::size).toList();
        assertTrue(windows.stream().anyMatch(n -> n > 1), "some texts span several windows");
        assertTrue(windows.stream().anyMatch(n -> n == maxWindows), "some texts are cut at " + maxWindows + " windows");

        long start = System.nanoTime();
        float[][] djl = c.inference().predict(texts);
        long djlNanos = System.nanoTime() - start;
        float[][] ort;
        try (OnnxModel client = OnnxModel.load(served)) {
            assertEquals(LABELS, client.labels());
            Map<String, String> meta = client.metadata();
            assertEquals("[\"ham\",\"spam\",\"phishing\"]", meta.get(OnnxExporter.LABELS));
            assertEquals(OnnxExporter.MEAN_OF_LOGITS, meta.get(OnnxExporter.WINDOWS));
            start = System.nanoTime();
            ort = client.logits(texts);
        }
        long ortNanos = System.nanoTime() - start;
        double worst = 0;
        double spread = 0;
        for (int t = 0; t < texts.size(); t++) {
            for (int l = 0; l < LABELS.size(); l++) {
                worst = Math.max(worst, Math.abs(djl[t][l] - ort[t][l]));
                spread = Math.max(spread, Math.abs(djl[t][l] - djl[0][l]));
            }
        }
        System.out.printf("serving parity (%s) over %d texts, %d windows: max |delta| %.3g"
                        + " (logits spread %.3g); DJL %.1f s, ONNX Runtime %.1f s%n",
                c.config().fineTuning(), texts.size(), windows.stream().mapToInt(Integer::intValue).sum(), worst,
                spread, djlNanos / 1e9, ortNanos / 1e9);
        assertTrue(spread > 100 * TOLERANCE, "the texts must get different logits: spread " + spread);
        assertTrue(worst <= TOLERANCE, "max |delta| " + worst + " over " + texts.size() + " texts");
    }

    /** How many of the pretrained export's initializers the served model holds with other values. */
    private static int changedInitializers(Path served) throws IOException {
        ModelProto base;
        try (InputStream in = EncoderSource.miniLm().openModel()) {
            base = ModelProto.parseFrom(in);
        }
        ModelProto exported;
        try (InputStream in = Files.newInputStream(served.resolve(ServingExport.MODEL))) {
            exported = ModelProto.parseFrom(in);
        }
        Map<String, TensorProto> after = new java.util.HashMap<>();
        exported.getGraph().getInitializerList().forEach(t -> after.put(t.getName(), t));
        int changed = 0;
        for (TensorProto t : base.getGraph().getInitializerList()) {
            TensorProto now = after.get(t.getName());
            assertTrue(now != null, "the export keeps initializer " + t.getName());
            if (!now.equals(t)) {
                changed++;
            }
        }
        return changed;
    }
}
