package io.streamtune.model.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.InvalidProtocolBufferException;
import io.streamtune.model.MalformedEncoderException;
import io.streamtune.model.encoder.EncoderConfig;
import io.streamtune.model.encoder.EncoderWeights;
import io.streamtune.model.encoder.HostTensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the weights of a BERT-family ONNX export (HuggingFace/optimum style) and infers its shape.
 *
 * <p>Named initializers keep their HuggingFace names; anonymous {@code onnx::MatMul_N} matrices
 * are the second input of a MatMul node named after its module
 * ({@code /encoder/layer.0/attention/self/query/MatMul}) and are stored [in, out], so they are
 * renamed and transposed. Heads and LayerNorm epsilon are not in the weights: they are read from
 * the graph's constants (the score divisor √headSize, the epsilon added before Sqrt).
 */
public final class OnnxEncoderReader {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxEncoderReader.class);
    private static final Pattern LAYER = Pattern.compile("^encoder\\.layer\\.(\\d+)\\.");
    private static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;

    private OnnxEncoderReader() {}

    /** Reads the ONNX export of {@code source}. */
    public static EncoderWeights read(EncoderSource source) throws IOException {
        try (InputStream in = source.openModel()) {
            return read(in, source.modelLocation());
        }
    }

    /** Reads an ONNX export from a stream; {@code origin} names it in error messages. */
    public static EncoderWeights read(InputStream in, String origin) throws IOException {
        return read(parse(in, origin), origin);
    }

    /** Parses an ONNX file that holds weights; {@code origin} names it in error messages. */
    static ModelProto parse(InputStream in, String origin) throws IOException {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedEncoderException(
                    origin + " is not a readable ONNX file (truncated or not ONNX): "
                            + e.getMessage(), e);
        }
        if (model.getGraph().getInitializerCount() == 0) {
            throw new MalformedEncoderException(
                    origin + " holds no weights (no graph initializers): truncated, or not an"
                            + " ONNX export of a model.");
        }
        return model;
    }

    /** The weights of a parsed export, with the shape they and the graph imply. */
    static EncoderWeights read(ModelProto model, String origin) throws MalformedEncoderException {
        GraphProto graph = model.getGraph();
        Map<String, HostTensor> tensors = new HashMap<>();
        for (Binding b : bindings(graph)) {
            HostTensor value = toHost(b.initializer(), origin);
            tensors.put(b.weight(), b.transposed() ? value.transpose2d() : value);
        }
        EncoderConfig config = inferConfig(tensors, graph, origin);
        EncoderWeights weights = new EncoderWeights(config, tensors);
        weights.validate(origin);
        return weights;
    }

    /**
     * Which float initializer holds which weight: {@code weight} is its HuggingFace name; {@code transposed} when the
     * initializer is an anonymous MatMul matrix stored [in, out], the transpose of the Linear weight [out, in].
     */
    record Binding(TensorProto initializer, String weight, boolean transposed) {}

    /**
     * The weights of a graph, in the order they are read (a later binding of a name wins): named initializers
     * (PyTorch layout already), then the anonymous matrices that MatMul nodes read, named after the node's module.
     * The exporter writes fine-tuned values back through the same bindings.
     */
    static List<Binding> bindings(GraphProto graph) {
        Map<String, TensorProto> initializers = new HashMap<>();
        for (TensorProto t : graph.getInitializerList()) {
            initializers.put(t.getName(), t);
        }
        List<Binding> out = new ArrayList<>();
        for (TensorProto t : graph.getInitializerList()) {
            if (t.getDataType() == FLOAT && !t.getName().startsWith("onnx::")) {
                out.add(new Binding(t, stripPrefix(t.getName()), false));
            }
        }
        for (NodeProto node : graph.getNodeList()) {
            if (node.getOpType().equals("MatMul") && node.getInputCount() == 2) {
                TensorProto w = initializers.get(node.getInput(1));
                if (w != null && w.getName().startsWith("onnx::") && w.getDataType() == FLOAT) {
                    out.add(new Binding(w, moduleName(node.getName()) + ".weight", true));
                }
            }
        }
        return out;
    }

    private static EncoderConfig inferConfig(
            Map<String, HostTensor> t, GraphProto graph, String origin)
            throws MalformedEncoderException {
        HostTensor words = require(t, "embeddings.word_embeddings.weight", origin);
        HostTensor positions = require(t, "embeddings.position_embeddings.weight", origin);
        HostTensor types = require(t, "embeddings.token_type_embeddings.weight", origin);
        HostTensor inter = require(t, "encoder.layer.0.intermediate.dense.bias", origin);
        TreeSet<Integer> layers = new TreeSet<>();
        for (String name : t.keySet()) {
            Matcher m = LAYER.matcher(name);
            if (m.find()) {
                layers.add(Integer.parseInt(m.group(1)));
            }
        }
        if (layers.isEmpty() || layers.last() != layers.size() - 1) {
            throw new MalformedEncoderException(
                    origin + ": encoder layers found " + layers + " are not numbered 0..n-1.");
        }
        int hidden = (int) words.dim(1);
        int headSize = headSize(graph, hidden);
        float eps = layerNormEps(graph);
        return new EncoderConfig(
                (int) words.dim(0),
                hidden,
                layers.size(),
                hidden / headSize,
                (int) inter.dim(0),
                (int) positions.dim(0),
                (int) types.dim(0),
                eps);
    }

    /** The score divisor (√headSize) of layer 0's attention, or a multiplier 1/√headSize. */
    private static int headSize(GraphProto graph, int hidden) {
        for (NodeProto node : graph.getNodeList()) {
            String name = node.getName();
            if (name.startsWith("/encoder/layer.0/attention/self/")
                    && (node.getOpType().equals("Div") || node.getOpType().equals("Mul"))) {
                Float c = scalarInput(graph, node);
                if (c != null && c > 0) {
                    double root = node.getOpType().equals("Div") ? c : 1.0 / c;
                    int size = (int) Math.round(root * root);
                    if (size > 1 && hidden % size == 0 && Math.abs(Math.sqrt(size) - root) < 1e-3) {
                        return size;
                    }
                }
            }
        }
        int fallback = hidden % 64 == 0 ? 64 : hidden;
        LOG.warn("No attention scale constant found in the graph; assuming head size {}", fallback);
        return fallback;
    }

    /** The epsilon of the first LayerNorm: an attribute, or the constant added before Sqrt. */
    private static float layerNormEps(GraphProto graph) {
        for (NodeProto node : graph.getNodeList()) {
            if (node.getOpType().equals("LayerNormalization")) {
                for (AttributeProto a : node.getAttributeList()) {
                    if (a.getName().equals("epsilon")) {
                        return a.getF();
                    }
                }
                return 1e-5f; // the ONNX default
            }
            if (node.getName().startsWith("/embeddings/LayerNorm/") && node.getOpType().equals("Add")) {
                Float c = scalarInput(graph, node);
                if (c != null && c > 0 && c < 1e-2) {
                    return c;
                }
            }
        }
        LOG.warn("No LayerNorm epsilon found in the graph; assuming 1e-12 (BERT)");
        return 1e-12f;
    }

    /** The float scalar that one of the node's inputs is (a Constant node or an initializer). */
    private static Float scalarInput(GraphProto graph, NodeProto node) {
        for (String input : node.getInputList()) {
            for (NodeProto producer : graph.getNodeList()) {
                if (producer.getOpType().equals("Constant") && producer.getOutputList().contains(input)) {
                    for (AttributeProto a : producer.getAttributeList()) {
                        if (a.hasT() && a.getT().getDataType() == FLOAT) {
                            float[] v = floats(a.getT());
                            if (v.length == 1) {
                                return v[0];
                            }
                        }
                    }
                }
            }
            for (TensorProto t : graph.getInitializerList()) {
                if (t.getName().equals(input) && t.getDataType() == FLOAT) {
                    float[] v = floats(t);
                    if (v.length == 1) {
                        return v[0];
                    }
                }
            }
        }
        return null;
    }

    private static HostTensor require(Map<String, HostTensor> t, String name, String origin)
            throws MalformedEncoderException {
        HostTensor value = t.get(name);
        if (value == null) {
            throw new MalformedEncoderException(
                    origin + " lacks the tensor '" + name + "': not a BERT-family encoder export.");
        }
        return value;
    }

    private static HostTensor toHost(TensorProto t, String origin) throws MalformedEncoderException {
        List<Long> dims = t.getDimsList();
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        long size = 1;
        for (long d : shape) {
            size *= d;
        }
        float[] data = floats(t);
        if (data.length != size) {
            throw new MalformedEncoderException(
                    origin + ": tensor '" + t.getName() + "' declares " + size + " values but holds "
                            + data.length + " (truncated?).");
        }
        return new HostTensor(shape, data);
    }

    private static float[] floats(TensorProto t) {
        if (!t.getRawData().isEmpty()) {
            ByteBuffer bb = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[bb.remaining() / Float.BYTES];
            bb.asFloatBuffer().get(out);
            return out;
        }
        float[] out = new float[t.getFloatDataCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.getFloatData(i);
        }
        return out;
    }

    /** {@code /encoder/layer.0/attention/self/query/MatMul} → {@code encoder.layer.0.attention.self.query}. */
    static String moduleName(String nodeName) {
        String n = nodeName.startsWith("/") ? nodeName.substring(1) : nodeName;
        int cut = n.lastIndexOf('/');
        if (cut > 0) {
            n = n.substring(0, cut);
        }
        return stripPrefix(n.replace('/', '.'));
    }

    private static String stripPrefix(String name) {
        return name.startsWith("bert.") ? name.substring("bert.".length()) : name;
    }
}
