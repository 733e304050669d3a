package io.streamtune.e2e.stack;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Short spam and ham a pretrained encoder tells apart after a few steps: no download, same emails every run. */
final class SyntheticMail {

    private static final String[] PRIZES = {"cruise", "iPhone", "gift card", "vacation", "laptop", "cash bonus"};
    private static final String[] PUSH = {"Click here now", "Act now", "Claim it today", "Limited offer",
        "Reply with your bank details", "Only 24 hours left"};
    private static final String[] NAMES = {"Alice", "Bob", "Carol", "Dave", "Erin", "Frank"};
    private static final String[] TOPICS = {"budget review", "sprint planning", "design doc", "quarterly report",
        "team lunch", "release notes"};
    private static final String[] DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"};

    private SyntheticMail() {
    }

    /** {@code n} emails, alternating spam and ham, ids {@code <prefix>-0000}..., event times a minute apart. */
    static List<IngestClient.Example> generate(String prefix, int n, long seed) {
        Random r = new Random(seed);
        Instant t0 = Instant.parse("2026-01-05T09:00:00Z");
        List<IngestClient.Example> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            boolean spam = i % 2 == 0;
            String text = spam
                    ? "CONGRATULATIONS!!! You have WON a free " + pick(r, PRIZES) + " worth $" + (100 + r.nextInt(9900))
                            + ". " + pick(r, PUSH) + " at http://win-" + r.nextInt(1000) + ".example.biz !!!"
                    : "Hi " + pick(r, NAMES) + ", the " + pick(r, TOPICS) + " moved to " + pick(r, DAYS) + " at "
                            + (9 + r.nextInt(8)) + ":00. Could you look at the notes before then? Thanks, "
                            + pick(r, NAMES) + ".";
            out.add(new IngestClient.Example("%s-%04d".formatted(prefix, i), text, spam ? "spam" : "ham",
                    t0.plusSeconds(60L * i), Map.of("source", "synthetic")));
        }
        return out;
    }

    private static String pick(Random r, String[] values) {
        return values[r.nextInt(values.length)];
    }
}
