package io.streamtune.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.model.DeviceChoice;
import io.streamtune.model.IncompatibleCheckpointException;
import io.streamtune.model.TestModels;
import io.streamtune.model.classifier.Classifier;
import io.streamtune.model.classifier.ClassifierConfig;
import io.streamtune.model.classifier.FineTuning;
import io.streamtune.model.train.ClassifierTrainer;
import io.streamtune.model.train.OptimizerSettings;
import io.streamtune.model.train.TrainingExample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Save, reload, and carry on as if nothing happened; refuse what does not fit. */
class CheckpointTest {

    private static final int K = 2;
    private static final List<String> PROBE = List.of("is this spam?", "dinner tonight", "Grüße aus Köln");

    @TempDir
    Path tmp;

    @Test
    void reloadingReproducesLogitsAndResumingEqualsUninterruptedTraining() throws Exception {
        // dropout on: resuming also depends on the per-step seed
        ClassifierConfig config = TestModels.config(FineTuning.topK(1)).withDropout(0.1f);
        OptimizerSettings settings = OptimizerSettings.defaults().withWarmupSteps(3);
        float[][] uninterrupted;
        float[] lastRowUninterrupted;
        try (Classifier c = Classifier.create(TestModels.miniLm(), List.of("ham", "spam"), config);
                ClassifierTrainer t = new ClassifierTrainer(c, settings)) {
            for (int i = 0; i < 2 * K; i++) {
                if (i == K) {
                    // a checkpoint rounds the moments it stores and the trainer goes on from the rounded ones
                    CheckpointIO.save(t, tmp.resolve("straight"));
                }
                t.step(batch(i));
            }
            uninterrupted = c.inference().predict(PROBE);
            lastRowUninterrupted = c.training().parameters().get("encoder.layer.5.output.dense.weight").getArray().toFloatArray();
        }
        Path dir = tmp.resolve("ckpt");
        float[][] atSave;
        try (Classifier c = Classifier.create(TestModels.miniLm(), List.of("ham", "spam"), config);
                ClassifierTrainer t = new ClassifierTrainer(c, settings)) {
            for (int i = 0; i < K; i++) {
                t.step(batch(i));
            }
            atSave = c.inference().predict(PROBE);
            CheckpointIO.save(t, dir);
        }
        for (String f : List.of("model.json", "weights.safetensors", "tokenizer.json", "optimizer.json", "optimizer.safetensors")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        try (Classifier reloaded = CheckpointIO.loadClassifier(dir, DeviceChoice.CPU)) {
            float[][] again = reloaded.inference().predict(PROBE);
            for (int i = 0; i < PROBE.size(); i++) {
                assertArrayEquals(atSave[i], again[i], 0f, "reloaded logits must be identical");
            }
            assertEquals(List.of("ham", "spam"), reloaded.labels());
            assertEquals(FineTuning.topK(1), reloaded.config().fineTuning());
        }
        try (ClassifierTrainer t = CheckpointIO.loadTrainer(dir, DeviceChoice.CPU, settings)) {
            assertEquals(K, t.steps());
            for (int i = K; i < 2 * K; i++) {
                t.step(batch(i));
            }
            float[][] resumed = t.classifier().inference().predict(PROBE);
            for (int i = 0; i < PROBE.size(); i++) {
                assertArrayEquals(uninterrupted[i], resumed[i], 0f, "K + save + load + K must equal 2K steps");
            }
            assertArrayEquals(lastRowUninterrupted,
                    t.classifier().training().parameters().get("encoder.layer.5.output.dense.weight").getArray().toFloatArray(), 0f);
        }
    }

    @Test
    void incompatibleCheckpointsAreRefusedWithTheReason() throws Exception {
        Path dir = tmp.resolve("base");
        try (Classifier c = TestModels.classifier(FineTuning.head(), List.of("ham", "spam"))) {
            CheckpointIO.save(c, dir);
        }
        Path missing = copy(dir, "missing");
        Files.delete(missing.resolve(CheckpointIO.WEIGHTS));
        assertMessage(missing, "lacks weights.safetensors");

        Path newer = copy(dir, "newer");
        rewrite(newer, "\"format\" : 1", "\"format\" : 3");
        assertMessage(newer, "format 3");

        Path moreLabels = copy(dir, "labels");
        rewrite(moreLabels, "\"spam\"", "\"spam\", \"phishing\"");
        assertMessage(moreLabels, "3 labels");

        Path narrower = copy(dir, "hidden");
        rewrite(narrower, "\"intermediateSize\" : 1536", "\"intermediateSize\" : 1024");
        assertMessage(narrower, "intermediate.dense");

        Path truncated = copy(dir, "truncated");
        Path weights = truncated.resolve(CheckpointIO.WEIGHTS);
        try (var ch = Files.newByteChannel(weights, StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(weights) / 2);
        }
        assertMessage(truncated, "truncated");
    }

    /**
     * The moments are stored as 8-bit codes with their block scales; a checkpoint written before the codes (float32
     * moments) still resumes with exactly its moments, and codes without their scales are refused by name.
     */
    @Test
    void float32MomentsFromBeforeTheCodesStillLoadAndCodesNeedTheirScales() throws Exception {
        ClassifierConfig config = TestModels.config(FineTuning.topK(1));
        OptimizerSettings settings = OptimizerSettings.defaults().withWarmupSteps(1);
        Path dir = tmp.resolve("old-format");
        java.util.Map<String, io.streamtune.model.encoder.HostTensor> decoded;
        try (Classifier c = Classifier.create(TestModels.miniLm(), List.of("ham", "spam"), config);
                ClassifierTrainer t = new ClassifierTrainer(c, settings)) {
            t.step(batch(0));
            t.step(batch(1));
            CheckpointIO.save(t, dir);
            decoded = t.optimizer().state();
        }
        try (ClassifierTrainer back = CheckpointIO.loadTrainer(dir, DeviceChoice.CPU, settings)) {
            assertSameState(decoded, back.optimizer().state());
        }
        Safetensors.Contents codes = Safetensors.readContents(dir.resolve(CheckpointIO.OPTIMIZER_STATE));
        assertTrue(codes.bytes().size() >= 2 && codes.floats().keySet().stream()
                .anyMatch(k -> k.startsWith(CheckpointIO.ABSMAX)), String.valueOf(codes.floats().keySet()));

        Safetensors.write(dir.resolve(CheckpointIO.OPTIMIZER_STATE), decoded);
        try (ClassifierTrainer back = CheckpointIO.loadTrainer(dir, DeviceChoice.CPU, settings)) {
            assertSameState(decoded, back.optimizer().state());
        }

        java.util.Map<String, io.streamtune.model.encoder.HostTensor> noScales = new java.util.LinkedHashMap<>(
                codes.floats());
        noScales.keySet().removeIf(k -> k.startsWith(CheckpointIO.ABSMAX));
        Safetensors.write(dir.resolve(CheckpointIO.OPTIMIZER_STATE),
                new Safetensors.Contents(noScales, java.util.Map.of(), codes.bytes()));
        IncompatibleCheckpointException e = assertThrows(IncompatibleCheckpointException.class,
                () -> CheckpointIO.loadTrainer(dir, DeviceChoice.CPU, settings).close());
        assertTrue(e.getMessage().contains("block scales"), e.getMessage());
    }

    private static void assertSameState(java.util.Map<String, io.streamtune.model.encoder.HostTensor> expected,
            java.util.Map<String, io.streamtune.model.encoder.HostTensor> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((k, v) -> assertArrayEquals(v.data(), actual.get(k).data(), 0f, k));
    }

    private static List<TrainingExample> batch(int i) {
        return List.of(
                TrainingExample.of("cheap watches " + i, 1),
                TrainingExample.of("project update " + i, 0),
                TrainingExample.of("claim your reward " + i, 1));
    }

    private static void assertMessage(Path dir, String expected) {
        IncompatibleCheckpointException e = assertThrows(IncompatibleCheckpointException.class,
                () -> CheckpointIO.loadClassifier(dir, DeviceChoice.CPU).close());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private Path copy(Path from, String name) throws Exception {
        Path to = tmp.resolve(name);
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    private static void rewrite(Path dir, String from, String to) throws Exception {
        Path json = dir.resolve(CheckpointIO.MODEL_JSON);
        String text = Files.readString(json);
        assertTrue(text.contains(from), "model.json should contain " + from + ":\n" + text);
        Files.writeString(json, text.replace(from, to));
    }
}
