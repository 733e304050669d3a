package io.streamtune.model.classifier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.streamtune.model.ModelRuntime;
import io.streamtune.model.encoder.BertEncoderBlock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Runs the frozen prefix of a classifier and stores its output compactly. */
final class PrefixRunner {

    private PrefixRunner() {}

    /** Windows padded in chunks of the inference batch size: fast, but a window's rounding depends on its chunk. */
    static List<PrefixOutput> prefix(Classifier c, List<List<long[]>> perText) {
        return prefix(c, perText, c.config().inferenceBatchSize());
    }

    /**
     * Each window run on its own: an output that depends only on its tokens (and the thread count), bit for bit, so
     * it can be computed again from {@link PrefixOutput#tokens()} instead of being stored.
     */
    static List<PrefixOutput> prefixAlone(Classifier c, List<List<long[]>> perText) {
        return prefix(c, perText, 1);
    }

    private static List<PrefixOutput> prefix(Classifier c, List<List<long[]>> perText, int chunkSize) {
        ModelRuntime.noGradOnThisThread();
        Windows w = Windows.of(perText);
        List<long[]> flat = w.flat();
        int layers = c.frozenLayers();
        boolean pooled = layers == c.encoderConfig().numLayers();
        PrefixPrecision precision = c.config().prefixPrecision();
        int rowBytes = c.encoderConfig().hiddenSize() * precision.bytes();
        byte[][] perWindow = new byte[flat.size()][];
        BertEncoderBlock encoder = c.encoder();
        for (int[] chunk : Windows.chunksByLength(flat, chunkSize)) {
            try (NDManager sub = c.manager().newSubManager()) {
                List<long[]> part = new ArrayList<>(chunk.length);
                for (int i : chunk) {
                    part.add(flat.get(i));
                }
                ParameterStore ps = new ParameterStore(sub, false);
                WindowBatch batch = WindowBatch.of(part, sub);
                NDArray hidden = encoder.embed(ps, batch.ids(), false);
                hidden = encoder.layers(ps, hidden, BertEncoderBlock.maskBias(batch.mask()), 0, layers, false);
                NDArray out = pooled ? BertEncoderBlock.meanPool(hidden, batch.mask()) : hidden;
                byte[] bytes = out.toType(precision.dataType(), false).toByteArray();
                int stride = pooled ? rowBytes : (int) hidden.getShape().get(1) * rowBytes;
                for (int i = 0; i < chunk.length; i++) {
                    int len = pooled ? rowBytes : batch.lengths()[i] * rowBytes;
                    byte[] window = new byte[len];
                    System.arraycopy(bytes, i * stride, window, 0, len);
                    perWindow[chunk[i]] = window;
                }
            }
        }
        List<PrefixOutput> out = new ArrayList<>(perText.size());
        int s = 0;
        for (List<long[]> textWindows : perText) {
            int[] lengths = new int[textWindows.size()];
            int total = 0;
            int tokenCount = 0;
            for (int i = 0; i < lengths.length; i++) {
                lengths[i] = textWindows.get(i).length;
                total += perWindow[s + i].length;
                tokenCount += lengths[i];
            }
            int[] tokens = new int[tokenCount];
            int t = 0;
            for (long[] window : textWindows) {
                for (long id : window) {
                    tokens[t++] = Math.toIntExact(id);
                }
            }
            byte[] data = new byte[total];
            int offset = 0;
            for (int i = 0; i < lengths.length; i++, s++) {
                System.arraycopy(perWindow[s], 0, data, offset, perWindow[s].length);
                offset += perWindow[s].length;
            }
            out.add(new PrefixOutput(layers, pooled, c.encoderConfig().hiddenSize(), lengths, precision, data, tokens));
        }
        return out;
    }

    /** SHA-256 over the frozen weights and everything else that shapes a prefix output. */
    static String key(Classifier c, List<Parameter> frozen) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String settings = c.frozenLayers() + "|" + c.config().tokenizer() + "|" + c.config().prefixPrecision();
            sha.update(settings.getBytes(StandardCharsets.UTF_8));
            sha.update(c.tokenizer().json());
            for (Parameter p : frozen) {
                sha.update(p.getName().getBytes(StandardCharsets.UTF_8));
                sha.update(p.getArray().toByteArray());
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JVM", e);
        }
    }
}
