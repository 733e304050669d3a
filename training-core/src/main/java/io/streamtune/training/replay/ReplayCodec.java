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

/**
 * The checkpoint file of a replay buffer: a small binary format (texts can exceed what writeUTF allows). Since
 * version 2 an item's features may be kept in the learner's compact form ({@link StoredFeatures}, a flag per item)
 * and computed again when the file is read.
 */
public final class ReplayCodec {

    private static final int MAGIC = 0x53545242; // "STRB"
    private static final int VERSION = 2;
    private static final byte FEATURES_AS_HELD = 0;
    private static final byte FEATURES_COMPACT = 1;

    private ReplayCodec() {
    }

    /** Writes every item's features as the buffer holds them. */
    public static void write(ReplayState state, Path file) throws IOException {
        write(state, file, StoredFeatures.AS_HELD);
    }

    /** Writes the buffer, each item's features in {@code stored}'s compact form where it has one. */
    public static void write(ReplayState state, Path file, StoredFeatures stored) throws IOException {
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
                byte[] compact = item.features() == null ? null : stored.compact(item.features());
                out.writeByte(compact == null ? FEATURES_AS_HELD : FEATURES_COMPACT);
                writeBytes(out, compact == null ? item.features() : compact);
                writeFloats(out, item.logits());
            }
        }
    }

    /** Reads a buffer whose features were all written as held (no learner needed to rebuild them). */
    public static ReplayState read(Path file) throws IOException {
        return read(file, StoredFeatures.AS_HELD);
    }

    /** Reads a buffer; features kept in compact form come back through {@code stored}. */
    public static ReplayState read(Path file, StoredFeatures stored) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not a replay buffer file (bad magic).");
            }
            int version = in.readInt();
            if (version != 1 && version != VERSION) {
                throw new IOException(file + " has replay format version " + version + ", this trainer reads 1 to "
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
            if (n < 0) {
                throw new IOException("corrupt replay buffer file: " + n + " items");
            }
            List<ReplayItem> items = new ArrayList<>(Math.min(n, 1 << 16));
            // an item in compact form holds those bytes until the whole file is read, then the learner's expansion
            List<Integer> compactAt = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String id = readString(in);
                String label = readString(in);
                String source = readString(in);
                String text = readString(in);
                byte form = version == 1 ? FEATURES_AS_HELD : in.readByte();
                if (form != FEATURES_AS_HELD && form != FEATURES_COMPACT) {
                    throw new IOException("corrupt replay buffer file: feature form " + form + " of item " + i);
                }
                byte[] features = readBytes(in);
                float[] logits = readFloats(in);
                if (form == FEATURES_COMPACT) {
                    if (features == null) {
                        throw new IOException("corrupt replay buffer file: item " + i + " has compact features of"
                                + " no bytes");
                    }
                    compactAt.add(i);
                }
                items.add(new ReplayItem(id, label, source, text, features, logits));
            }
            if (!compactAt.isEmpty()) {
                List<byte[]> rebuilt = stored.expand(compactAt.stream().map(i -> items.get(i).features()).toList());
                if (rebuilt.size() != compactAt.size()) {
                    throw new IllegalStateException(compactAt.size() + " compact features gave " + rebuilt.size());
                }
                for (int k = 0; k < compactAt.size(); k++) {
                    ReplayItem c = items.get(compactAt.get(k));
                    items.set(compactAt.get(k),
                            new ReplayItem(c.id(), c.label(), c.source(), c.text(), rebuilt.get(k), c.logits()));
                }
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
