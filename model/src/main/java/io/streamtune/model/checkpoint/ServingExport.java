package io.streamtune.model.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtune.model.IncompatibleCheckpointException;
import io.streamtune.model.classifier.Classifier;
import io.streamtune.model.classifier.ClassifierHead;
import io.streamtune.model.encoder.HostTensor;
import io.streamtune.model.onnx.EncoderSource;
import io.streamtune.model.onnx.OnnxExporter;
import io.streamtune.model.tokenize.TokenizerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files that let an app outside the JVM serve a model: {@value #MODEL} (token ids in, logits out, see
 * {@link OnnxExporter} for the contract), {@value #LABELS} (the labels in logit order, a JSON array) and
 * {@code tokenizer.json} (the model's own, byte for byte). Written from a live classifier or from a checkpoint's files
 * (no engine needed); {@code base} is the ONNX export the classifier's encoder was imported from: its graph is
 * reused, every weight in it replaced.
 */
public final class ServingExport {

    public static final String MODEL = "model.onnx";
    public static final String LABELS = "labels.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ServingExport() {}

    /** Writes the serving files of {@code classifier} into {@code dir} (created if absent). */
    public static void write(Classifier classifier, EncoderSource base, Path dir) throws IOException {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        classifier.training().parameters().forEach((name, p) -> tensors.put(name, HostTensor.of(p.getArray())));
        write(tensors, classifier.labels(), classifier.config().tokenizer(), classifier.tokenizer().json(), base, dir);
    }

    /** Writes the serving files of the checkpoint in {@code checkpoint} (a delta's base through {@code bases}). */
    public static void write(Path checkpoint, BaseLookup bases, EncoderSource base, Path dir) throws IOException {
        CheckpointMetadata meta = CheckpointIO.metadata(checkpoint);
        byte[] tokenizer = Files.readAllBytes(CheckpointIO.require(checkpoint, CheckpointIO.TOKENIZER));
        write(CheckpointIO.tensors(checkpoint, meta, bases), meta.labels(),
                new TokenizerSettings(meta.maxLength(), meta.stride(), meta.maxWindows()), tokenizer, base, dir);
    }

    private static void write(Map<String, HostTensor> tensors, List<String> labels, TokenizerSettings windows,
            byte[] tokenizerJson, EncoderSource base, Path dir) throws IOException {
        Map<String, HostTensor> encoder = new LinkedHashMap<>(tensors);
        HostTensor weight = encoder.remove(ClassifierHead.WEIGHT);
        HostTensor bias = encoder.remove(ClassifierHead.BIAS);
        if (weight == null || bias == null || weight.dim(0) != labels.size()) {
            throw new IncompatibleCheckpointException("the model to export needs a head of " + labels.size()
                    + " rows (" + ClassifierHead.WEIGHT + ", " + ClassifierHead.BIAS + ") for its labels " + labels
                    + ".");
        }
        String labelsJson = JSON.writeValueAsString(labels);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(OnnxExporter.LABELS, labelsJson);
        metadata.put(OnnxExporter.MAX_LENGTH, Integer.toString(windows.maxLength()));
        metadata.put(OnnxExporter.STRIDE, Integer.toString(windows.stride()));
        metadata.put(OnnxExporter.MAX_WINDOWS, Integer.toString(windows.maxWindows()));
        metadata.put(OnnxExporter.WINDOWS, OnnxExporter.MEAN_OF_LOGITS);
        Files.createDirectories(dir);
        OnnxExporter.write(base, encoder, weight, bias, metadata, dir.resolve(MODEL));
        Files.writeString(dir.resolve(LABELS), labelsJson);
        Files.write(dir.resolve(CheckpointIO.TOKENIZER), tokenizerJson);
    }
}
