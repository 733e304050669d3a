package io.streamtune.training.replay;

import io.streamtune.contracts.ReplayStrategy;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The checkpoint file of a replay buffer: a small binary format (texts can exceed what writeUTF allows). */
public final class ReplayCodec {

    private static final int MAGIC = 0x53545242; // "STRB"
    private static final int VERSION = 1;

    private ReplayCodec() {
    }

    public static void write(ReplayState state, Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file),
                1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            writeString(out, state.strategy().wire());
            out.writeInt(state.capacity());
            out.writeInt(state.maxPerSource());
            out.writeLong(state.rngState());
            out.writeLong(state.seen());
            writeCounts(out, state.seenPerClass());
            writeCounts(out, state.seenPerSource());
            out.writeInt(state.items().size());
            for (ReplayItem item : state.items()) {
                writeString(out, item.id());
                writeString(out, item.label());
                writeString(out, item.source());
                writeString(out, item.text());
                writeBytes(out, item.features());
                writeFloats(out, item.logits());
            }
        }
    }

    public static ReplayState read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not a replay buffer file (bad magic).");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException(file + " has replay format version " + version + ", this trainer reads "
                        + VERSION + ".");
            }
            ReplayStrategy strategy = ReplayStrategy.fromWire(readString(in));
            int capacity = in.readInt();
            int maxPerSource = in.readInt();
            long rng = in.readLong();
            long seen = in.readLong();
            Map<String, Long> perClass = readCounts(in);
            Map<String, Long> perSource = readCounts(in);
            int n = in.readInt();
            List<ReplayItem> items = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                items.add(new ReplayItem(readString(in), readString(in), readString(in), readString(in),
                        readBytes(in), readFloats(in)));
            }
            return new ReplayState(strategy, capacity, maxPerSource, rng, seen, perClass, perSource, items);
        }
    }

    private static void writeCounts(DataOutputStream out, Map<String, Long> counts) throws IOException {
        out.writeInt(counts.size());
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            writeString(out, e.getKey());
            out.writeLong(e.getValue());
        }
    }

    private static Map<String, Long> readCounts(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<String, Long> out = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            out.put(readString(in), in.readLong());
        }
        return out;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        writeBytes(out, s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = readBytes(in);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b == null ? -1 : b.length);
        if (b != null) {
            out.write(b);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < -1) {
            throw new IOException("corrupt replay buffer file: negative length " + n);
        }
        if (n == -1) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    private static void writeFloats(DataOutputStream out, float[] f) throws IOException {
        out.writeInt(f == null ? -1 : f.length);
        if (f != null) {
            for (float v : f) {
                out.writeFloat(v);
            }
        }
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < -1) {
            throw new IOException("corrupt replay buffer file: negative length " + n);
        }
        if (n == -1) {
            return null;
        }
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = in.readFloat();
        }
        return f;
    }
}
