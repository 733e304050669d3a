package io.streamtune.model.checkpoint;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtune.model.onnx.OnnxExporter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What an app outside Streamtune does with the serving files, following docs/serving.md: the HuggingFace tokenizer
 * set from the model's metadata, ONNX Runtime over batches of padded windows (sorted by length), a text's logits the
 * mean of its windows'.
 */
final class ServingClient implements AutoCloseable {

    private static final int BATCH = 32;

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final int maxWindows;
    private final List<String> labels;

    ServingClient(Path dir) throws Exception {
        session = env.createSession(dir.resolve(ServingExport.MODEL).toString(), new OrtSession.SessionOptions());
        Map<String, String> meta = session.getMetadata().getCustomMetadata();
        maxWindows = Integer.parseInt(meta.get(OnnxExporter.MAX_WINDOWS));
        tokenizer = HuggingFaceTokenizer.newInstance(dir.resolve(CheckpointIO.TOKENIZER), Map.of(
                "truncation", "true",
                "padding", "false",
                "maxLength", meta.get(OnnxExporter.MAX_LENGTH),
                "stride", meta.get(OnnxExporter.STRIDE)));
        labels = List.of(new ObjectMapper().readValue(dir.resolve(ServingExport.LABELS).toFile(), String[].class));
    }

    List<String> labels() {
        return labels;
    }

    Map<String, String> metadata() throws OrtException {
        return session.getMetadata().getCustomMetadata();
    }

    /** Logits [texts][labels]. */
    float[][] logits(List<String> texts) throws OrtException {
        List<long[]> windows = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        for (int t = 0; t < texts.size(); t++) {
            Encoding e = tokenizer.encode(texts.get(t), true, true);
            windows.add(e.getIds());
            owners.add(t);
            Encoding[] overflow = e.getOverflowing();
            for (int i = 0; overflow != null && i < overflow.length && i < maxWindows - 1; i++) {
                windows.add(overflow[i].getIds());
                owners.add(t);
            }
        }
        // batches of windows of similar length pad little
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt(i -> windows.get(i).length));
        float[][] out = new float[texts.size()][labels.size()];
        int[] counts = new int[texts.size()];
        for (int start = 0; start < order.size(); start += BATCH) {
            List<Integer> part = order.subList(start, Math.min(order.size(), start + BATCH));
            float[][] rows = run(part.stream().map(windows::get).toList());
            for (int r = 0; r < rows.length; r++) {
                int t = owners.get(part.get(r));
                counts[t]++;
                for (int l = 0; l < rows[r].length; l++) {
                    out[t][l] += rows[r][l];
                }
            }
        }
        for (int t = 0; t < out.length; t++) {
            for (int l = 0; l < out[t].length; l++) {
                out[t][l] /= counts[t];
            }
        }
        return out;
    }

    /** One row of logits per window; the batch pads to its longest window, padding masked out. */
    private float[][] run(List<long[]> batch) throws OrtException {
        int length = batch.stream().mapToInt(w -> w.length).max().orElse(0);
        long[][] ids = new long[batch.size()][length];
        long[][] mask = new long[batch.size()][length];
        for (int i = 0; i < batch.size(); i++) {
            long[] w = batch.get(i);
            System.arraycopy(w, 0, ids[i], 0, w.length);
            java.util.Arrays.fill(mask[i], 0, w.length, 1);
        }
        try (OnnxTensor a = OnnxTensor.createTensor(env, ids);
                OnnxTensor m = OnnxTensor.createTensor(env, mask);
                OrtSession.Result r = session.run(Map.of(OnnxExporter.INPUT_IDS, a, OnnxExporter.ATTENTION_MASK, m))) {
            return (float[][]) r.get(OnnxExporter.LOGITS).orElseThrow().getValue();
        }
    }

    @Override
    public void close() throws OrtException {
        tokenizer.close();
        session.close();
    }
}
