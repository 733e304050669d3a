package io.streamtune.evaluator.support;

import io.streamtune.contracts.LabelledExample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Short ham and spam texts, about a third spam, spread over two 30-day slices of 2003. */
public final class TestData {

    private static final String[] HAM = {"the meeting notes for project %s are attached",
            "lunch with %s on thursday at noon", "please review the %s budget before friday",
            "the build for %s failed again this morning", "can you send me the %s slides",
            "minutes of the %s planning call"};
    private static final String[] SPAM = {"win a free %s now click here", "cheap %s pills limited offer buy now",
            "you have won %s dollars claim your prize", "hot singles in %s want to meet you",
            "lowest mortgage rates for %s act today"};
    private static final String[] WORDS = {"atlas", "zephyr", "cobalt", "marlin", "quartz", "falcon", "ember",
            "juniper", "nova", "orchid", "pylon", "raven", "saffron", "tundra", "velvet", "willow"};
    public static final Instant START = Instant.parse("2003-01-10T00:00:00Z");

    private TestData() {
    }

    /** {@code n} examples with ids {@code <prefix>0..n-1}, deterministic in {@code seed}. */
    public static List<LabelledExample> examples(String model, String prefix, int n, long seed) {
        Random r = new Random(seed);
        List<LabelledExample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            boolean spam = r.nextInt(3) == 0;
            String[] templates = spam ? SPAM : HAM;
            String text = String.format(templates[r.nextInt(templates.length)], WORDS[r.nextInt(WORDS.length)]);
            Instant t = START.plus(Duration.ofHours(r.nextInt(50 * 24)));
            out.add(new LabelledExample(null, 0, null, prefix + i, model, text, spam ? "spam" : "ham", "test", t,
                    null));
        }
        return out;
    }
}
