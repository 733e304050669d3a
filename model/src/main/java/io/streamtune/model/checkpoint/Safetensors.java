package io.streamtune.model.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtune.model.IncompatibleCheckpointException;
import io.streamtune.model.encoder.HostTensor;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Float32 tensors in the safetensors format (an 8-byte little-endian header length, a JSON
 * header of dtype / shape / data_offsets, then the raw little-endian data), readable by the
 * HuggingFace tooling. Values round-trip bit for bit. Public for the other model families'
 * checkpoints (the linear learner's); they may also hold one-dimensional int32 tensors, for
 * counts that a float32 would stop counting exactly past 2^24.
 */
public final class Safetensors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Safetensors() {}

    /** What a file holds: float32 tensors, one-dimensional int32 tensors and uint8 tensors, each in file order. */
    public record Contents(Map<String, HostTensor> floats, Map<String, int[]> ints, Map<String, ByteTensor> bytes) {

        public Contents(Map<String, HostTensor> floats, Map<String, int[]> ints) {
            this(floats, ints, Map.of());
        }
    }

    /** A uint8 tensor (8-bit codes, such as an optimizer's quantized moments). */
    public record ByteTensor(long[] shape, byte[] data) {

        public ByteTensor {
            long count = 1;
            for (long d : shape) {
                count *= d;
            }
            if (count != data.length) {
                throw new IllegalArgumentException(
                        "shape " + java.util.Arrays.toString(shape) + " needs " + count + " bytes, got " + data.length);
            }
        }
    }

    public static void write(Path file, Map<String, HostTensor> tensors) throws IOException {
        write(file, tensors, Map.of());
    }

    /** Writes the float32 tensors, then the int32 vectors. */
    public static void write(Path file, Map<String, HostTensor> tensors, Map<String, int[]> ints)
            throws IOException {
        write(file, new Contents(tensors, ints, Map.of()));
    }

    /** Writes the float32 tensors, then the int32 vectors, then the uint8 tensors. */
    public static void write(Path file, Contents contents) throws IOException {
        Map<String, HostTensor> tensors = contents.floats();
        Map<String, int[]> ints = contents.ints();
        ObjectNode header = JSON.createObjectNode();
        long offset = 0;
        for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
            offset = entry(header, e.getKey(), "F32", e.getValue().shape(), offset, 4);
        }
        for (Map.Entry<String, int[]> e : ints.entrySet()) {
            offset = entry(header, e.getKey(), "I32", new long[] {e.getValue().length}, offset, 4);
        }
        for (Map.Entry<String, ByteTensor> e : contents.bytes().entrySet()) {
            offset = entry(header, e.getKey(), "U8", e.getValue().shape(), offset, 1);
        }
        byte[] json = JSON.writeValueAsBytes(header);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
            out.write(json);
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (HostTensor t : tensors.values()) {
                for (float v : t.data()) {
                    if (!chunk.hasRemaining()) {
                        out.write(chunk.array(), 0, chunk.position());
                        chunk.clear();
                    }
                    chunk.putFloat(v);
                }
            }
            for (int[] t : ints.values()) {
                for (int v : t) {
                    if (!chunk.hasRemaining()) {
                        out.write(chunk.array(), 0, chunk.position());
                        chunk.clear();
                    }
                    chunk.putInt(v);
                }
            }
            out.write(chunk.array(), 0, chunk.position());
            for (ByteTensor t : contents.bytes().values()) {
                out.write(t.data());
            }
        }
    }

    private static long entry(ObjectNode header, String name, String dtype, long[] dims, long offset, int width) {
        ObjectNode entry = header.putObject(name);
        entry.put("dtype", dtype);
        var shape = entry.putArray("shape");
        long count = 1;
        for (long d : dims) {
            shape.add(d);
            count *= d;
        }
        long end = offset + width * count;
        entry.putArray("data_offsets").add(offset).add(end);
        return end;
    }

    /** The float32 tensors of a file that holds only those (a checkpoint of the transformer family). */
    public static Map<String, HostTensor> read(Path file) throws IOException {
        Contents contents = readContents(file);
        if (!contents.ints().isEmpty() || !contents.bytes().isEmpty()) {
            String other = !contents.ints().isEmpty() ? contents.ints().keySet().iterator().next() + "' is I32"
                    : contents.bytes().keySet().iterator().next() + "' is U8";
            throw new IncompatibleCheckpointException(file.getFileName() + ": tensor '" + other
                    + ", only F32 is read.");
        }
        return contents.floats();
    }

    /** Every tensor of a file: float32 and uint8 ones of any shape, int32 ones of one dimension. */
    public static Contents readContents(Path file) throws IOException {
        String name = file.getFileName().toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new IncompatibleCheckpointException(name + " is truncated: " + size + " bytes.");
            }
            ByteBuffer all = ch.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
            long headerLength = all.getLong(0);
            if (headerLength <= 0 || headerLength > size - 8) {
                throw new IncompatibleCheckpointException(
                        name + " is not a safetensors file or is truncated: header length " + headerLength
                                + " in a file of " + size + " bytes.");
            }
            byte[] json = new byte[(int) headerLength];
            all.position(8);
            all.get(json);
            JsonNode header = JSON.readTree(new String(json, StandardCharsets.UTF_8));
            long base = 8 + headerLength;
            Map<String, HostTensor> out = new LinkedHashMap<>();
            Map<String, int[]> ints = new LinkedHashMap<>();
            Map<String, ByteTensor> bytes = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : header.properties()) {
                if (e.getKey().equals("__metadata__")) {
                    continue;
                }
                JsonNode entry = e.getValue();
                String dtype = entry.path("dtype").asText();
                boolean isInt = "I32".equals(dtype) && entry.path("shape").size() == 1;
                boolean isByte = "U8".equals(dtype);
                if (!"F32".equals(dtype) && !isInt && !isByte) {
                    throw new IncompatibleCheckpointException(
                            name + ": tensor '" + e.getKey() + "' is " + dtype + " of "
                                    + entry.path("shape").size() + " dimensions, only F32, U8 and"
                                    + " one-dimensional I32 are read.");
                }
                long[] shape = new long[entry.path("shape").size()];
                long count = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = entry.path("shape").get(i).asLong();
                    count *= shape[i];
                }
                long start = entry.path("data_offsets").path(0).asLong();
                long end = entry.path("data_offsets").path(1).asLong();
                if (count > Integer.MAX_VALUE || start < 0 || end - start != (isByte ? 1 : 4) * count
                        || base + end > size) {
                    throw new IncompatibleCheckpointException(
                            name + ": tensor '" + e.getKey() + "' lies outside the file or does not match"
                                    + " its shape (truncated?).");
                }
                all.position((int) (base + start));
                if (isByte) {
                    byte[] data = new byte[(int) count];
                    all.get(data);
                    bytes.put(e.getKey(), new ByteTensor(shape, data));
                } else if (isInt) {
                    int[] data = new int[(int) count];
                    all.asIntBuffer().get(data);
                    ints.put(e.getKey(), data);
                } else {
                    float[] data = new float[(int) count];
                    all.asFloatBuffer().get(data);
                    out.put(e.getKey(), new HostTensor(shape, data));
                }
            }
            return new Contents(out, ints, bytes);
        }
    }
}
