package io.streamtune.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.streamtune.model.IncompatibleCheckpointException;
import io.streamtune.model.encoder.HostTensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The exporter on a tiny encoder-shaped graph (embeddings, token types, one anonymous MatMul) in both opset forms of
 * its pooling nodes, against logits computed by hand.
 */
class OnnxExporterTest {

    private static final int H = 3;
    private static final String WORDS = "embeddings.word_embeddings.weight";
    private static final String TYPES = "embeddings.token_type_embeddings.weight";
    private static final String DENSE = "encoder.layer.0.output.dense.weight";
    private static final HostTensor NEW_WORDS = new HostTensor(new long[] {4, H},
            new float[] {0.1f, 0.2f, 0.3f, -1, 0, 1, 2, 2, -2, 0.5f, -0.5f, 0.25f});
    private static final HostTensor NEW_TYPES = new HostTensor(new long[] {2, H}, new float[] {0.01f, 0.02f, 0.03f, 9, 9, 9});
    /** [out, in], not symmetric: a missed transpose shows. */
    private static final HostTensor NEW_DENSE = new HostTensor(new long[] {H, H}, new float[] {1, 2, 0, 0, 1, 3, -1, 0, 1});
    private static final HostTensor HEAD_W = new HostTensor(new long[] {2, H}, new float[] {1, 0, -1, 0.5f, 0.5f, 0.5f});
    private static final HostTensor HEAD_B = new HostTensor(new long[] {2}, new float[] {0.1f, -0.2f});

    @Test
    void logitsAreTheMaskedMeanThroughTheHeadInBothOpsetForms() throws Exception {
        long[][] ids = {{1, 2, 3}, {3, 0, 0}};
        long[][] mask = {{1, 1, 1}, {1, 0, 0}};
        float[][] expected = expected(ids, mask);
        for (int opset : new int[] {11, 13}) {
            ModelProto exported = OnnxExporter.export(tinyEncoder(opset), "tiny", weights(), HEAD_W, HEAD_B,
                    Map.of(OnnxExporter.LABELS, "[\"a\",\"b\"]"));
            assertEquals(List.of(OnnxExporter.INPUT_IDS, OnnxExporter.ATTENTION_MASK),
                    exported.getGraph().getInputList().stream().map(ValueInfoProto::getName).toList());
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession s = env.createSession(exported.toByteArray(), new OrtSession.SessionOptions());
                    OnnxTensor a = OnnxTensor.createTensor(env, ids);
                    OnnxTensor m = OnnxTensor.createTensor(env, mask);
                    OrtSession.Result r = s.run(Map.of(OnnxExporter.INPUT_IDS, a, OnnxExporter.ATTENTION_MASK, m))) {
                assertEquals("[\"a\",\"b\"]", s.getMetadata().getCustomMetadata().get(OnnxExporter.LABELS));
                float[][] logits = (float[][]) r.get(OnnxExporter.LOGITS).orElseThrow().getValue();
                for (int b = 0; b < ids.length; b++) {
                    for (int l = 0; l < 2; l++) {
                        assertEquals(expected[b][l], logits[b][l], 1e-5, "opset " + opset + " row " + b);
                    }
                }
            }
        }
    }

    @Test
    void weightsOfAnotherEncoderAreRefusedByName() {
        Map<String, HostTensor> missing = weights();
        missing.remove(DENSE);
        var e = assertThrows(IncompatibleCheckpointException.class,
                () -> OnnxExporter.export(tinyEncoder(11), "tiny", missing, HEAD_W, HEAD_B, Map.of()));
        assertTrue(e.getMessage().contains(DENSE), e.getMessage());

        Map<String, HostTensor> extra = weights();
        extra.put("encoder.layer.1.output.dense.weight", NEW_DENSE);
        e = assertThrows(IncompatibleCheckpointException.class,
                () -> OnnxExporter.export(tinyEncoder(11), "tiny", extra, HEAD_W, HEAD_B, Map.of()));
        assertTrue(e.getMessage().contains("encoder.layer.1.output.dense.weight"), e.getMessage());

        Map<String, HostTensor> wide = weights();
        wide.put(TYPES, new HostTensor(new long[] {3, H}, new float[3 * H]));
        e = assertThrows(IncompatibleCheckpointException.class,
                () -> OnnxExporter.export(tinyEncoder(11), "tiny", wide, HEAD_W, HEAD_B, Map.of()));
        assertTrue(e.getMessage().contains(TYPES) && e.getMessage().contains("[2, 3]"), e.getMessage());
    }

    private static Map<String, HostTensor> weights() {
        Map<String, HostTensor> w = new HashMap<>();
        w.put(WORDS, NEW_WORDS);
        w.put(TYPES, NEW_TYPES);
        w.put(DENSE, NEW_DENSE);
        return w;
    }

    /** hidden = dense(words[id] + types[0]), masked mean, then head. */
    private static float[][] expected(long[][] ids, long[][] mask) {
        float[][] out = new float[ids.length][2];
        for (int b = 0; b < ids.length; b++) {
            float[] pooled = new float[H];
            int n = 0;
            for (int t = 0; t < ids[b].length; t++) {
                if (mask[b][t] == 0) {
                    continue;
                }
                n++;
                for (int o = 0; o < H; o++) {
                    for (int i = 0; i < H; i++) {
                        float x = NEW_WORDS.data()[(int) ids[b][t] * H + i] + NEW_TYPES.data()[i];
                        pooled[o] += NEW_DENSE.data()[o * H + i] * x;
                    }
                }
            }
            for (int l = 0; l < 2; l++) {
                out[b][l] = HEAD_B.data()[l];
                for (int o = 0; o < H; o++) {
                    out[b][l] += HEAD_W.data()[l * H + o] * pooled[o] / n;
                }
            }
        }
        return out;
    }

    /** Words and token types gathered and added, then one MatMul whose matrix is an anonymous [in, out] initializer. */
    private static ModelProto tinyEncoder(int opset) {
        GraphProto g = GraphProto.newBuilder()
                .setName("tiny")
                .addInput(ids(OnnxExporter.INPUT_IDS))
                .addInput(ids(OnnxExporter.ATTENTION_MASK))
                .addInput(ids(OnnxExporter.TOKEN_TYPE_IDS))
                .addInitializer(zeros(WORDS, 4, H))
                .addInitializer(zeros(TYPES, 2, H))
                .addInitializer(zeros("onnx::MatMul_7", H, H))
                .addNode(OnnxExporter.node("Gather", "/embeddings/word_embeddings/Gather",
                        List.of(WORDS, OnnxExporter.INPUT_IDS), "words"))
                .addNode(OnnxExporter.node("Gather", "/embeddings/token_type_embeddings/Gather",
                        List.of(TYPES, OnnxExporter.TOKEN_TYPE_IDS), "types"))
                .addNode(OnnxExporter.node("Add", "/embeddings/Add", List.of("words", "types"), "sum"))
                .addNode(OnnxExporter.node("MatMul", "/encoder/layer.0/output/dense/MatMul",
                        List.of("sum", "onnx::MatMul_7"), OnnxExporter.LAST_HIDDEN_STATE))
                .addOutput(ValueInfoProto.newBuilder().setName(OnnxExporter.LAST_HIDDEN_STATE).setType(tensorType(
                        TensorProto.DataType.FLOAT_VALUE, "batch_size", "sequence_length", null)))
                .build();
        return ModelProto.newBuilder()
                .setIrVersion(opset < 13 ? 6 : 7)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(g)
                .build();
    }

    private static ValueInfoProto ids(String name) {
        return ValueInfoProto.newBuilder().setName(name)
                .setType(tensorType(TensorProto.DataType.INT64_VALUE, "batch_size", "sequence_length"))
                .build();
    }

    private static TypeProto tensorType(int elem, String... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (String d : dims) {
            shape.addDim(d == null ? TensorShapeProto.Dimension.newBuilder().setDimValue(H)
                    : TensorShapeProto.Dimension.newBuilder().setDimParam(d));
        }
        return TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(elem).setShape(shape))
                .build();
    }

    private static TensorProto zeros(String name, long rows, long cols) {
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addDims(rows).addDims(cols)
                .setRawData(OnnxExporter.bytes(new HostTensor(new long[] {rows, cols}, new float[(int) (rows * cols)])))
                .build();
    }
}
