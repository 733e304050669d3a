package io.streamtune.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.streamtune.model.TestModels;
import io.streamtune.model.classifier.Classifier;
import io.streamtune.model.classifier.FineTuning;
import io.streamtune.model.encoder.EncoderConfig;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The DJL encoder reproduces ONNX Runtime's mean-pooled embeddings, window by window. */
class OnnxParityTest {

    @Test
    void shapeIsReadFromTheExport() {
        EncoderConfig c = TestModels.miniLm().weights().config();
        assertEquals(new EncoderConfig(30522, 384, 6, 12, 1536, 512, 2, 1e-12f), c);
    }

    @Test
    void djlMatchesOnnxRuntimeOnMeanPooledEmbeddings() throws Exception {
        List<String> texts = new ArrayList<>(TestModels.SENTENCES);
        texts.add(TestModels.longText());
        try (Classifier classifier = TestModels.classifier(FineTuning.head(), List.of("a", "b"));
                OrtEnvironment env = OrtEnvironment.getEnvironment();
                InputStream in = EncoderSource.miniLm().openModel();
                OrtSession session = env.createSession(in.readAllBytes(), new OrtSession.SessionOptions())) {
            List<List<long[]>> windows = classifier.tokenizer().windows(texts);
            assertTrue(windows.get(texts.size() - 1).size() > 1, "the long text spans several windows");
            float[][] djl = classifier.inference().embed(texts);
            double worstCosine = 1;
            double worstDelta = 0;
            for (int t = 0; t < texts.size(); t++) {
                float[] ort = new float[384];
                for (long[] window : windows.get(t)) {
                    float[] pooled = ortMeanPooled(env, session, window);
                    for (int i = 0; i < ort.length; i++) {
                        ort[i] += pooled[i] / windows.get(t).size();
                    }
                }
                worstCosine = Math.min(worstCosine, cosine(djl[t], ort));
                for (int i = 0; i < ort.length; i++) {
                    worstDelta = Math.max(worstDelta, Math.abs(djl[t][i] - ort[i]));
                }
            }
            System.out.printf("parity over %d texts: min cosine %.8f, max |delta| %.3g%n",
                    texts.size(), worstCosine, worstDelta);
            assertTrue(worstCosine >= 0.99999, "cosine " + worstCosine);
            assertTrue(worstDelta <= 1e-4, "max |delta| " + worstDelta);
        }
    }

    private static float[] ortMeanPooled(OrtEnvironment env, OrtSession session, long[] ids) throws Exception {
        long[][] input = {ids};
        long[][] mask = {new long[ids.length]};
        java.util.Arrays.fill(mask[0], 1);
        long[][] types = {new long[ids.length]};
        try (OnnxTensor a = OnnxTensor.createTensor(env, input);
                OnnxTensor b = OnnxTensor.createTensor(env, mask);
                OnnxTensor c = OnnxTensor.createTensor(env, types);
                OrtSession.Result r = session.run(Map.of("input_ids", a, "attention_mask", b, "token_type_ids", c))) {
            float[][] hidden = ((float[][][]) r.get(0).getValue())[0];
            float[] pooled = new float[hidden[0].length];
            for (float[] row : hidden) {
                for (int i = 0; i < pooled.length; i++) {
                    pooled[i] += row[i] / hidden.length;
                }
            }
            return pooled;
        }
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
