package io.streamtune.e2e.report;

import com.fasterxml.jackson.core.type.TypeReference;
import io.streamtune.contracts.EventJson;
import io.streamtune.e2e.corpus.EmailText;
import io.streamtune.e2e.corpus.LabelledText;
import io.streamtune.e2e.corpus.SpamAssassinCorpus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The SpamAssassin stream as extracted text, kept in the cache folder: parsing 6,046 MIME messages takes a minute on
 * two busy cores. The file is named after a format version, the seed and a digest of the extraction code, so a
 * change there re-reads (a cache written with HTML markup, version 1, is never reused).
 */
final class CorpusCache {

    /** Bumped when the extraction changes in a way the class digest might miss (2: HTML reduced to visible text). */
    static final int VERSION = 2;

    private CorpusCache() {
    }

    static List<LabelledText> spamAssassin(Path cacheDir, long seed) throws IOException {
        Path file = cacheDir.resolve("report").resolve("spamassassin-v" + VERSION + "-" + seed + "-" + codeDigest()
                + ".json");
        if (Files.exists(file)) {
            return EventJson.mapper().readValue(file.toFile(), new TypeReference<List<LabelledText>>() { });
        }
        Progress.say("SpamAssassin: extracting subject and body of every email (first run only)");
        List<LabelledText> all = SpamAssassinCorpus.load(cacheDir.resolve("corpora"), seed);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        EventJson.mapper().writeValue(tmp.toFile(), all);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return all;
    }

    private static String codeDigest() throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Class<?> c : List.of(EmailText.class, SpamAssassinCorpus.class)) {
                try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
                    sha.update(in.readAllBytes());
                }
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
