package io.streamtune.training;

import io.streamtune.contracts.LabelledExample;
import io.streamtune.training.replay.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small text task made here, deterministic from a seed: short sentences about four topics, each from its own
 * words, so a frozen sentence encoder separates them and the test measures forgetting, not language.
 */
public final class SyntheticTopics {

    /** Four sports, close in meaning: new classes sit next to old ones, so naive fine-tuning really forgets. */
    public static final Map<String, String[][]> TOPICS = Map.of(
            "football", new String[][] {
                    {"the striker", "our goalkeeper", "the midfielder", "the home side", "the left back", "the captain"},
                    {"scored a header in", "saved a penalty during", "was offside in", "got a red card in",
                            "curled a free kick in", "missed an open goal in"},
                    {"the derby", "the cup final", "extra time", "the second half", "the league match",
                            "the penalty shootout"}},
            "tennis", new String[][] {
                    {"the top seed", "the young player", "the defending champion", "the qualifier", "her opponent",
                            "the doubles pair"},
                    {"served an ace in", "hit a backhand winner in", "double faulted in", "won the tiebreak in",
                            "broke serve in", "lost a long rally in"},
                    {"the third set", "the Wimbledon final", "the clay court match", "the fifth set",
                            "the grand slam semifinal", "the opening round"}},
            "basketball", new String[][] {
                    {"the point guard", "the center", "the rookie forward", "the bench player", "the shooting guard",
                            "the star player"},
                    {"hit a three pointer in", "dunked over a defender in", "grabbed ten rebounds in",
                            "made both free throws in", "blocked a layup in", "fouled out in"},
                    {"the fourth quarter", "the playoff game", "overtime", "the NBA final", "the last possession",
                            "the first quarter"}},
            "golf", new String[][] {
                    {"the golfer", "the club champion", "the amateur", "the tour leader", "his caddie's player",
                            "the veteran pro"},
                    {"sank a long putt on", "hit a drive into the bunker on", "made an eagle on",
                            "chipped onto the green at", "took a bogey on", "found the water on"},
                    {"the eighteenth hole", "the par three", "the back nine", "the final round", "the first tee",
                            "the Masters"}});

    private SyntheticTopics() {
    }

    public static String sentence(String topic, Rng rng) {
        String[][] parts = TOPICS.get(topic);
        return parts[0][rng.nextInt(parts[0].length)] + " " + parts[1][rng.nextInt(parts[1].length)] + " "
                + parts[2][rng.nextInt(parts[2].length)] + ".";
    }

    /** {@code perLabel} examples of each label, interleaved, ids {@code <prefix>-<n>}. */
    public static List<LabelledExample> examples(String model, List<String> labels, int perLabel, String prefix,
            long seed) {
        Rng rng = new Rng(seed);
        List<LabelledExample> out = new ArrayList<>();
        for (int i = 0; i < perLabel; i++) {
            for (String label : labels) {
                out.add(LabelledExample.of(prefix + "-" + out.size(), model, sentence(label, rng), label,
                        "app-" + rng.nextInt(3)));
            }
        }
        return out;
    }
}
