package io.streamtune.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint that stores only what trains, and refers to the pretrained weights by their hash. */
class DeltaCheckpointTest {

    private static final int K = 2;
    private static final List<String> PROBE = List.of("is this spam?", "dinner tonight", "Grüße aus Köln");

    @TempDir
    Path tmp;

    @Test
    void aDeltaHoldsTheTopLayersAndTheHeadAndResumesExactly() throws Exception {
        Path bases = tmp.resolve("bases");
        String sha = BaseWeights.store(TestModels.miniLm().weights(), bases);
        assertEquals(sha, BaseWeights.store(TestModels.miniLm().weights(), bases), "the same encoder, the same bytes");
        assertEquals(sha, BaseWeights.sha256(BaseWeights.file(bases, sha)));

        ClassifierConfig config = TestModels.config(FineTuning.topK(2)).withDropout(0.1f);
        OptimizerSettings settings = OptimizerSettings.defaults().withWarmupSteps(3);
        float[][] uninterrupted;
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
        }
        Path delta = tmp.resolve("delta");
        Path full = tmp.resolve("full");
        float[][] atSave;
        try (Classifier c = Classifier.create(TestModels.miniLm(), List.of("ham", "spam"), config);
                ClassifierTrainer t = new ClassifierTrainer(c, settings)) {
            for (int i = 0; i < K; i++) {
                t.step(batch(i));
            }
            atSave = c.inference().predict(PROBE);
            CheckpointIO.save(t, delta, sha);
            CheckpointIO.save(t, full);
        }
        assertTrue(CheckpointIO.isDelta(delta));
        assertFalse(CheckpointIO.isDelta(full));
        Set<String> stored = Safetensors.read(delta.resolve(CheckpointIO.WEIGHTS)).keySet();
        assertTrue(stored.stream().allMatch(n -> n.startsWith("encoder.layer.4.") || n.startsWith("encoder.layer.5.")
                || n.startsWith("classifier.")), "only the top 2 layers and the head: " + stored);
        assertEquals(2 * 16 + 2, stored.size(), String.valueOf(stored));
        long deltaBytes = Files.size(delta.resolve(CheckpointIO.WEIGHTS));
        long fullBytes = Files.size(full.resolve(CheckpointIO.WEIGHTS));
        assertTrue(deltaBytes * 5 < fullBytes, deltaBytes + " vs " + fullBytes);
        // both AdamW moments in one byte a value (+ a float32 scale per 256): about half the weights' float32 bytes
        long optimizerBytes = Files.size(delta.resolve(CheckpointIO.OPTIMIZER_STATE));
        assertTrue(optimizerBytes < 0.55 * deltaBytes, optimizerBytes + " bytes of moments vs " + deltaBytes);

        try (Classifier reloaded = CheckpointIO.loadClassifier(delta, DeviceChoice.CPU, BaseLookup.folder(bases))) {
            float[][] again = reloaded.inference().predict(PROBE);
            for (int i = 0; i < PROBE.size(); i++) {
                assertArrayEquals(atSave[i], again[i], 0f, "a delta over its base gives the same logits");
            }
        }
        try (ClassifierTrainer t = CheckpointIO.loadTrainer(delta, DeviceChoice.CPU, settings,
                io.streamtune.model.train.WeightedLoss.INSTANCE, BaseLookup.folder(bases))) {
            for (int i = K; i < 2 * K; i++) {
                t.step(batch(i));
            }
            float[][] resumed = t.classifier().inference().predict(PROBE);
            for (int i = 0; i < PROBE.size(); i++) {
                assertArrayEquals(uninterrupted[i], resumed[i], 0f, "K + delta save + load + K must equal 2K steps");
            }
        }

        // assembled once, the model needs no base any more
        Path assembled = tmp.resolve("assembled");
        CheckpointIO.assemble(delta, BaseLookup.folder(bases), assembled);
        assertFalse(CheckpointIO.isDelta(assembled));
        assertFalse(Files.exists(assembled.resolve(CheckpointIO.OPTIMIZER_STATE)), "serving needs no optimizer");
        try (Classifier standalone = CheckpointIO.loadClassifier(assembled, DeviceChoice.CPU)) {
            float[][] again = standalone.inference().predict(PROBE);
            for (int i = 0; i < PROBE.size(); i++) {
                assertArrayEquals(atSave[i], again[i], 0f, "the assembled model gives the same logits");
            }
        }
        assertArrayEquals(Files.readAllBytes(full.resolve(CheckpointIO.WEIGHTS)),
                Files.readAllBytes(assembled.resolve(CheckpointIO.WEIGHTS)), "assembled = what a full save writes");
    }

    @Test
    void aDeltaWithoutItsBaseIsRefusedNamingTheBase() throws Exception {
        Path bases = tmp.resolve("bases");
        String sha = BaseWeights.store(TestModels.miniLm().weights(), bases);
        Path delta = tmp.resolve("delta");
        try (Classifier c = TestModels.classifier(FineTuning.topK(1), List.of("ham", "spam"))) {
            CheckpointIO.save(c, delta, sha);
        }
        IncompatibleCheckpointException none = assertThrows(IncompatibleCheckpointException.class,
                () -> CheckpointIO.loadClassifier(delta, DeviceChoice.CPU).close());
        assertTrue(none.getMessage().contains(sha), none.getMessage());
        IncompatibleCheckpointException elsewhere = assertThrows(IncompatibleCheckpointException.class,
                () -> CheckpointIO.loadClassifier(delta, DeviceChoice.CPU, BaseLookup.folder(tmp.resolve("empty")))
                        .close());
        assertTrue(elsewhere.getMessage().contains(sha), elsewhere.getMessage());

        Path changed = Files.copy(BaseWeights.file(bases, sha), tmp.resolve("changed.safetensors"));
        try (var ch = Files.newByteChannel(changed, java.nio.file.StandardOpenOption.WRITE)) {
            ch.position(Files.size(changed) - 4);
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
        }
        IncompatibleCheckpointException corrupt = assertThrows(IncompatibleCheckpointException.class,
                () -> BaseWeights.verify(changed, sha));
        assertTrue(corrupt.getMessage().contains(sha), corrupt.getMessage());
    }

    @Test
    void fullModeWritesAFullCheckpointEvenGivenABase() throws Exception {
        Path bases = tmp.resolve("bases");
        String sha = BaseWeights.store(TestModels.miniLm().weights(), bases);
        Path dir = tmp.resolve("full-mode");
        try (Classifier c = TestModels.classifier(FineTuning.full(), List.of("ham", "spam"))) {
            CheckpointIO.save(c, dir, sha);
        }
        assertFalse(CheckpointIO.isDelta(dir));
        try (Classifier reloaded = CheckpointIO.loadClassifier(dir, DeviceChoice.CPU)) {
            assertEquals(List.of("ham", "spam"), reloaded.labels());
        }
    }

    private static List<TrainingExample> batch(int i) {
        return List.of(
                TrainingExample.of("cheap watches " + i, 1),
                TrainingExample.of("project update " + i, 0),
                TrainingExample.of("claim your reward " + i, 1));
    }
}
