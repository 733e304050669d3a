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
 * HuggingFace tooling. Values round-trip bit for bit.
 */
final class Safetensors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Safetensors() {}

    static void write(Path file, Map<String, HostTensor> tensors) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        long offset = 0;
        for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", "F32");
            var shape = entry.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            long end = offset + 4L * e.getValue().data().length;
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
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
            out.write(chunk.array(), 0, chunk.position());
        }
    }

    static Map<String, HostTensor> read(Path file) throws IOException {
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
            for (Map.Entry<String, JsonNode> e : header.properties()) {
                if (e.getKey().equals("__metadata__")) {
                    continue;
                }
                JsonNode entry = e.getValue();
                if (!"F32".equals(entry.path("dtype").asText())) {
                    throw new IncompatibleCheckpointException(
                            name + ": tensor '" + e.getKey() + "' is " + entry.path("dtype").asText()
                                    + ", only F32 is read.");
                }
                long[] shape = new long[entry.path("shape").size()];
                long count = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = entry.path("shape").get(i).asLong();
                    count *= shape[i];
                }
                long start = entry.path("data_offsets").path(0).asLong();
                long end = entry.path("data_offsets").path(1).asLong();
                if (end - start != 4 * count || base + end > size) {
                    throw new IncompatibleCheckpointException(
                            name + ": tensor '" + e.getKey() + "' lies outside the file or does not match"
                                    + " its shape (truncated?).");
                }
                float[] data = new float[(int) count];
                all.position((int) (base + start));
                all.asFloatBuffer().get(data);
                out.put(e.getKey(), new HostTensor(shape, data));
            }
            return out;
        }
    }
}
