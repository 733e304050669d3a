package io.streamtune.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** Reads F32 tensors of a safetensors file (8-byte header length, JSON header, raw little-endian data). */
final class SafetensorsFile {

    private SafetensorsFile() {
    }

    static Map<String, float[]> read(Path file) throws IOException {
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) all.getLong(0);
        byte[] header = new byte[headerLength];
        all.get(8, header);
        JsonNode json = new ObjectMapper().readTree(header);
        Map<String, float[]> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            long begin = e.getValue().get("data_offsets").get(0).asLong();
            long end = e.getValue().get("data_offsets").get(1).asLong();
            float[] data = new float[(int) ((end - begin) / 4)];
            int base = 8 + headerLength + (int) begin;
            for (int i = 0; i < data.length; i++) {
                data[i] = all.getFloat(base + 4 * i);
            }
            out.put(e.getKey(), data);
        }
        return out;
    }
}
