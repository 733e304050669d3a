package io.streamtune.model.checkpoint;

import io.streamtune.model.IncompatibleCheckpointException;
import io.streamtune.model.encoder.EncoderWeights;
import io.streamtune.model.encoder.HostTensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The frozen weights a delta checkpoint refers to: a pretrained encoder's weights as one safetensors file (tensors in
 * {@link EncoderWeights#requiredNames} order, so the same encoder always gives the same bytes), named and identified
 * by the SHA-256 of those bytes: {@code <sha256>.safetensors}.
 */
public final class BaseWeights {

    /** A base's identity: 64 lowercase hex digits. */
    public static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public static final String SUFFIX = ".safetensors";

    private BaseWeights() {}

    /**
     * Writes {@code weights} into {@code folder} as {@code <sha256>.safetensors} unless a file of that name is already
     * there, and returns the SHA-256.
     */
    public static String store(EncoderWeights weights, Path folder) throws IOException {
        Files.createDirectories(folder);
        Map<String, HostTensor> ordered = new LinkedHashMap<>();
        for (String name : EncoderWeights.requiredNames(weights.config().numLayers())) {
            HostTensor t = weights.tensors().get(name);
            if (t == null) {
                throw new IllegalArgumentException("the base weights lack '" + name + "'.");
            }
            ordered.put(name, t);
        }
        Path tmp = Files.createTempFile(folder, "base-", ".tmp");
        try {
            Safetensors.write(tmp, ordered);
            String sha = sha256(tmp);
            Path target = file(folder, sha);
            if (!Files.isRegularFile(target)) {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
            return sha;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Where base {@code sha256} lies in a folder of bases. */
    public static Path file(Path folder, String sha256) {
        return folder.resolve(requireSha(sha256) + SUFFIX);
    }

    /** The SHA-256 of a file, as 64 lowercase hex digits. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Fails unless {@code file}'s bytes hash to {@code sha256}: a base that was changed or cut short. */
    public static void verify(Path file, String sha256) throws IOException {
        String actual = sha256(file);
        if (!actual.equals(sha256)) {
            throw new IncompatibleCheckpointException(file + " should hold the base weights " + sha256
                    + " but its SHA-256 is " + actual + ".");
        }
    }

    static String requireSha(String sha256) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("a base's SHA-256 must be 64 lowercase hex digits, got '" + sha256
                    + "'.");
        }
        return sha256;
    }

    /** Reads a base's tensors. */
    static Map<String, HostTensor> read(Path file) throws IOException {
        return Safetensors.read(file);
    }
}
