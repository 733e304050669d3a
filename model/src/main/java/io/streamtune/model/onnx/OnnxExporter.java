package io.streamtune.model.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import io.streamtune.model.IncompatibleCheckpointException;
import io.streamtune.model.MalformedEncoderException;
import io.streamtune.model.encoder.HostTensor;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a fine-tuned classifier as one ONNX graph: token ids in, logits out.
 *
 * <p>The graph is the pretrained export it was imported from, every weight replaced by its fine-tuned value through
 * the same initializer bindings {@link OnnxEncoderReader} reads (same names; anonymous MatMul matrices transposed back
 * to [in, out]), followed by what Streamtune computes on top of the last hidden state: the mean over the tokens whose
 * attention mask is 1, then the head {@code logits = pooled · Wᵀ + b} (one Gemm). Dropout is a training-time op and
 * is not in the graph. Token types are always 0 in Streamtune, so a {@code token_type_ids} input of the export becomes
 * zeros computed inside the graph.
 *
 * <p>Contract: inputs {@code input_ids} and {@code attention_mask} (int64 [batch, sequence], one window per row,
 * padding masked out), output {@code logits} (float [batch, labels], label order of {@code labels.json}). A text
 * longer than one window is cut into windows exactly as Streamtune's tokenizer does (see the model's metadata
 * {@value #MAX_LENGTH}, {@value #STRIDE}, {@value #MAX_WINDOWS}), each window is one row, and the text's logits are the
 * mean of its windows' rows; {@code docs/serving.md} spells it out.
 */
public final class OnnxExporter {

    public static final String INPUT_IDS = "input_ids";
    public static final String ATTENTION_MASK = "attention_mask";
    public static final String LOGITS = "logits";
    /** Metadata keys of the written model, read back with e.g. ONNX Runtime's custom metadata. */
    public static final String LABELS = "streamtune.labels";
    public static final String MAX_LENGTH = "streamtune.max_length";
    public static final String STRIDE = "streamtune.stride";
    public static final String MAX_WINDOWS = "streamtune.max_windows";
    public static final String WINDOWS = "streamtune.windows";
    /** How a text's window rows combine: {@value}. */
    public static final String MEAN_OF_LOGITS = "mean-of-logits";

    static final String TOKEN_TYPE_IDS = "token_type_ids";
    static final String LAST_HIDDEN_STATE = "last_hidden_state";
    static final String HEAD_WEIGHT = "classifier.weight";
    static final String HEAD_BIAS = "classifier.bias";
    private static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
    private static final int INT64 = TensorProto.DataType.INT64_VALUE;
    /** ONNX opset where Unsqueeze and ReduceSum take their axes as an input instead of an attribute. */
    private static final int AXES_AS_INPUT = 13;

    private OnnxExporter() {}

    /**
     * Writes {@code out} from the export {@code base} with {@code weights} (every encoder weight under its HuggingFace
     * name, Linear weights [out, in], as {@link io.streamtune.model.encoder.EncoderWeights} holds them), the head
     * [labels, hidden] + [labels], and {@code metadata} as the model's metadata properties.
     *
     * @throws IncompatibleCheckpointException when the weights do not fit the base graph (another encoder)
     */
    public static void write(EncoderSource base, Map<String, HostTensor> weights, HostTensor headWeight,
            HostTensor headBias, Map<String, String> metadata, Path out) throws IOException {
        ModelProto model;
        try (InputStream in = base.openModel()) {
            model = OnnxEncoderReader.parse(in, base.modelLocation());
        }
        ModelProto exported = export(model, base.modelLocation(), weights, headWeight, headBias, metadata);
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        try {
            try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
                exported.writeTo(o);
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static ModelProto export(ModelProto base, String origin, Map<String, HostTensor> weights, HostTensor headWeight,
            HostTensor headBias, Map<String, String> metadata) throws MalformedEncoderException,
            IncompatibleCheckpointException {
        GraphProto.Builder g = base.getGraph().toBuilder();
        replaceWeights(g, base.getGraph(), origin, weights);
        ValueInfoProto ids = input(g, INPUT_IDS, origin);
        input(g, ATTENTION_MASK, origin);
        String hidden = output(g, LAST_HIDDEN_STATE, origin).getName();
        zeroTokenTypes(g, ids, origin);
        long labels = checkHead(weights, headWeight, headBias);
        new Appender(g, opset(base)).poolingAndHead(hidden, headWeight, headBias);
        TensorShapeProto.Dimension batch = ids.getType().getTensorType().getShape().getDimCount() > 0
                ? ids.getType().getTensorType().getShape().getDim(0)
                : TensorShapeProto.Dimension.newBuilder().setDimParam("batch_size").build();
        g.clearOutput().addOutput(ValueInfoProto.newBuilder().setName(LOGITS).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(FLOAT).setShape(TensorShapeProto.newBuilder()
                        .addDim(batch).addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(labels))))));
        ModelProto.Builder m = base.toBuilder().setGraph(g).setProducerName("streamtune").clearProducerVersion();
        metadata.forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    /** Writes each weight into the initializer it was read from; every weight must land somewhere. */
    private static void replaceWeights(GraphProto.Builder g, GraphProto graph, String origin,
            Map<String, HostTensor> weights) throws IncompatibleCheckpointException {
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            position.put(graph.getInitializer(i).getName(), i);
        }
        Set<String> written = new HashSet<>();
        for (OnnxEncoderReader.Binding b : OnnxEncoderReader.bindings(graph)) {
            TensorProto t = b.initializer();
            HostTensor value = weights.get(b.weight());
            if (value == null) {
                throw new IncompatibleCheckpointException(origin + " holds '" + b.weight() + "' (initializer '"
                        + t.getName() + "'), which the model to export lacks: it was built on another encoder.");
            }
            HostTensor stored = b.transposed() ? value.transpose2d() : value;
            long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
            if (!Arrays.equals(dims, stored.shape())) {
                throw new IncompatibleCheckpointException(origin + ": initializer '" + t.getName() + "' ('"
                        + b.weight() + "') has shape " + Arrays.toString(dims) + " but the model to export has "
                        + Arrays.toString(value.shape()) + (b.transposed() ? " (transposed)" : "") + ".");
            }
            g.setInitializer(position.get(t.getName()), t.toBuilder().clearFloatData().setRawData(bytes(stored)));
            written.add(b.weight());
        }
        for (String name : weights.keySet()) {
            if (!written.contains(name)) {
                throw new IncompatibleCheckpointException(
                        "the model to export has '" + name + "', which " + origin + " has no initializer for.");
            }
        }
    }

    private static ValueInfoProto input(GraphProto.Builder g, String name, String origin)
            throws MalformedEncoderException {
        return find(g.getInputList(), name, "input", origin);
    }

    private static ValueInfoProto output(GraphProto.Builder g, String name, String origin)
            throws MalformedEncoderException {
        return find(g.getOutputList(), name, "output", origin);
    }

    private static ValueInfoProto find(List<ValueInfoProto> values, String name, String what, String origin)
            throws MalformedEncoderException {
        for (ValueInfoProto v : values) {
            if (v.getName().equals(name)) {
                return v;
            }
        }
        throw new MalformedEncoderException(origin + " has no graph " + what + " '" + name + "' (it has "
                + values.stream().map(ValueInfoProto::getName).toList() + "): not a BERT-family encoder export.");
    }

    /** Replaces a {@code token_type_ids} input by zeros of the shape of {@code input_ids}, made first in the graph. */
    private static void zeroTokenTypes(GraphProto.Builder g, ValueInfoProto ids, String origin)
            throws MalformedEncoderException {
        for (int i = 0; i < g.getInputCount(); i++) {
            ValueInfoProto types = g.getInput(i);
            if (types.getName().equals(TOKEN_TYPE_IDS)) {
                int type = types.getType().getTensorType().getElemType();
                int size = type == INT64 ? Long.BYTES : type == TensorProto.DataType.INT32_VALUE ? Integer.BYTES : 0;
                if (size == 0) {
                    throw new MalformedEncoderException(origin + ": input '" + TOKEN_TYPE_IDS
                            + "' has element type " + type + "; int64 or int32 was expected.");
                }
                g.removeInput(i);
                String shape = "/token_type_ids/Shape_output_0";
                TensorProto zero = TensorProto.newBuilder().setDataType(type).addDims(1)
                        .setRawData(ByteString.copyFrom(new byte[size])).build();
                g.addNode(0, node("ConstantOfShape", "/token_type_ids/ConstantOfShape", List.of(shape), TOKEN_TYPE_IDS)
                        .addAttribute(AttributeProto.newBuilder().setName("value").setType(AttributeType.TENSOR)
                                .setT(zero)));
                g.addNode(0, node("Shape", "/token_type_ids/Shape", List.of(ids.getName()), shape));
                return;
            }
        }
    }

    private static long checkHead(Map<String, HostTensor> weights, HostTensor w, HostTensor b) {
        HostTensor words = weights.get("embeddings.word_embeddings.weight");
        long hidden = words == null ? -1 : words.dim(1);
        if (w.shape().length != 2 || w.dim(1) != hidden || b.shape().length != 1 || b.dim(0) != w.dim(0)) {
            throw new IllegalArgumentException("the head must be [labels, " + hidden + "] and [labels] but was "
                    + Arrays.toString(w.shape()) + " and " + Arrays.toString(b.shape()) + ".");
        }
        return w.dim(0);
    }

    private static int opset(ModelProto model) {
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                return (int) o.getVersion();
            }
        }
        return AXES_AS_INPUT;
    }

    static ByteString bytes(HostTensor t) {
        ByteBuffer bb = ByteBuffer.allocate(t.data().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(t.data());
        return ByteString.copyFrom(bb.array());
    }

    static NodeProto.Builder node(String op, String name, List<String> inputs, String output) {
        return NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(output);
    }

    /** Appends nodes after the export's own, in the forms of the export's opset. */
    private static final class Appender {

        private final GraphProto.Builder g;
        private final int opset;

        Appender(GraphProto.Builder g, int opset) {
            this.g = g;
            this.opset = opset;
        }

        /** Masked mean of the last hidden state [B, T, H] → [B, H], then the head → logits [B, labels]. */
        void poolingAndHead(String hidden, HostTensor headWeight, HostTensor headBias) {
            String mask = add(node("Cast", "/pooling/Cast", List.of(ATTENTION_MASK), "/pooling/Cast_output_0")
                    .addAttribute(AttributeProto.newBuilder().setName("to").setType(AttributeType.INT).setI(FLOAT)));
            String mask3 = add(axes(node("Unsqueeze", "/pooling/Unsqueeze", List.of(mask),
                    "/pooling/Unsqueeze_output_0"), 2));
            String masked = add(node("Mul", "/pooling/Mul", List.of(hidden, mask3), "/pooling/Mul_output_0"));
            String sum = add(sumOverTokens(masked, "/pooling/ReduceSum"));
            String count = add(sumOverTokens(mask3, "/pooling/ReduceSum_1"));
            // as Streamtune's pooling: a count below 1e-9 (an all-padding row) divides by 1e-9
            g.addInitializer(TensorProto.newBuilder().setName("/pooling/min_count").setDataType(FLOAT)
                    .addFloatData(1e-9f));
            String safe = add(node("Max", "/pooling/Max", List.of(count, "/pooling/min_count"),
                    "/pooling/Max_output_0"));
            String pooled = add(node("Div", "/pooling/Div", List.of(sum, safe), "/pooling/Div_output_0"));
            g.addInitializer(tensor(HEAD_WEIGHT, headWeight));
            g.addInitializer(tensor(HEAD_BIAS, headBias));
            add(node("Gemm", "/classifier/Gemm", List.of(pooled, HEAD_WEIGHT, HEAD_BIAS), LOGITS)
                    .addAttribute(AttributeProto.newBuilder().setName("transB").setType(AttributeType.INT).setI(1)));
        }

        private NodeProto.Builder sumOverTokens(String input, String name) {
            return axes(node("ReduceSum", name, List.of(input), name + "_output_0"), 1)
                    .addAttribute(AttributeProto.newBuilder().setName("keepdims").setType(AttributeType.INT).setI(0));
        }

        /** Unsqueeze/ReduceSum axes: an attribute before opset 13, an int64 input from 13 on. */
        private NodeProto.Builder axes(NodeProto.Builder node, long axis) {
            if (opset < AXES_AS_INPUT) {
                return node.addAttribute(AttributeProto.newBuilder().setName("axes").setType(AttributeType.INTS)
                        .addInts(axis));
            }
            String name = "/pooling/axes_" + axis;
            if (g.getInitializerList().stream().noneMatch(t -> t.getName().equals(name))) {
                g.addInitializer(TensorProto.newBuilder().setName(name).setDataType(INT64).addDims(1)
                        .addInt64Data(axis));
            }
            return node.addInput(name);
        }

        private String add(NodeProto.Builder node) {
            g.addNode(node);
            return node.getOutput(0);
        }

        private static TensorProto tensor(String name, HostTensor t) {
            TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(FLOAT).setRawData(bytes(t));
            for (long d : t.shape()) {
                b.addDims(d);
            }
            return b.build();
        }
    }
}
