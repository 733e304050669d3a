package io.streamtune.evaluator.bench;

import io.streamtune.contracts.LabelledExample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Email-like texts of 12 to 110 words (most fit one 128-token window), deterministic in the seed. */
final class BenchTexts {

    private static final String[] WORDS = ("the a to of and in for on with your our please meeting report invoice "
            + "attached review project budget schedule team update offer free click now win prize money account "
            + "password verify urgent shipment order delivery tomorrow friday monday thanks regards best call notes "
            + "server build release customer contract price discount limited time subscribe unsubscribe newsletter "
            + "credit loan rates cheap pills quarterly numbers forecast draft slides agenda minutes lunch coffee")
            .split(" ");

    private BenchTexts() {
    }

    static List<LabelledExample> examples(String model, int n, long seed) {
        Random r = new Random(seed);
        List<LabelledExample> out = new ArrayList<>(n);
        Instant start = Instant.parse("2003-01-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            int words = 12 + r.nextInt(99);
            StringBuilder sb = new StringBuilder();
            for (int w = 0; w < words; w++) {
                sb.append(w == 0 ? "" : " ").append(WORDS[r.nextInt(WORDS.length)]);
            }
            String text = sb.toString();
            String label = text.contains("free") || text.contains("win") ? "spam" : "ham";
            out.add(new LabelledExample(null, 0, null, "b" + i, model, text, label, "bench",
                    start.plus(Duration.ofHours(r.nextInt(365 * 24))), null));
        }
        return out;
    }
}
