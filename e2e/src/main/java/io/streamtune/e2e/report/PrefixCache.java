package io.streamtune.e2e.report;

import io.streamtune.training.Learner;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The frozen prefix's output of every distinct text, computed once and shared by every configuration of a run. Kept
 * on disk under the cache folder, named by the classifier's prefix key and a digest of the texts, so a second run of
 * the report on the same corpus skips the encoding (the report measures encoding speed on a sample either way).
 */
final class PrefixCache {

    private static final int MAGIC = 0x53545043; // "STPC"
    private static final int CHUNK = 32;

    private PrefixCache() {
    }

    /**
     * The cache's name for prefixes below the top {@code topK} layers: the default top-k keeps the plain name, so the
     * caches written before the top-k was part of it stay in use.
     */
    static String name(String base, int topK, int defaultTopK) {
        return base + (topK == defaultTopK ? "" : "-top" + topK);
    }

    /** Text → prefix bytes for every text, from {@code dir} when a run already stored them, else encoded now. */
    static Map<String, byte[]> load(Learner encoder, String prefixKey, List<String> texts, Path dir, String name)
            throws IOException {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(texts));
        Path file = dir.resolve("prefix-" + name + "-" + digest(prefixKey, distinct) + ".bin");
        if (Files.exists(file)) {
            Progress.say("%s: %d prefixes from %s", name, distinct.size(), file);
            return read(file, distinct);
        }
        Map<String, byte[]> out = new HashMap<>();
        Progress progress = Progress.start(name + ": encoding through the frozen prefix (once for all configurations)",
                distinct.size());
        for (int i = 0; i < distinct.size(); i += CHUNK) {
            List<String> chunk = distinct.subList(i, Math.min(i + CHUNK, distinct.size()));
            List<byte[]> features = encoder.features(chunk);
            for (int k = 0; k < chunk.size(); k++) {
                out.put(chunk.get(k), features.get(k));
            }
            progress.at(i + chunk.size(), null);
        }
        write(file, distinct, out);
        return out;
    }

    private static Map<String, byte[]> read(Path file, List<String> distinct) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            if (in.readInt() != MAGIC || in.readInt() != distinct.size()) {
                throw new IOException(file + " is not a prefix cache of these " + distinct.size()
                        + " texts; delete it.");
            }
            Map<String, byte[]> out = new HashMap<>();
            for (String text : distinct) {
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                out.put(text, b);
            }
            return out;
        }
    }

    private static void write(Path file, List<String> distinct, Map<String, byte[]> prefixes) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp),
                1 << 20))) {
            out.writeInt(MAGIC);
            out.writeInt(distinct.size());
            for (String text : distinct) {
                byte[] b = prefixes.get(text);
                out.writeInt(b.length);
                out.write(b);
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String digest(String prefixKey, List<String> texts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(prefixKey.getBytes(StandardCharsets.UTF_8));
            for (String t : texts) {
                sha.update((byte) 0);
                sha.update(t.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
