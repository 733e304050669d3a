package io.streamtune.evaluator.heldout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Capped, balanced over class x slice, deterministic. */
class StratifiedReservoirTest {

    @Test
    void keepsEverythingUntilFullAndIgnoresDuplicates() {
        StratifiedReservoir r = new StratifiedReservoir(10);
        for (int i = 0; i < 10; i++) {
            assertThat(r.offer(ex("e" + i, "ham", "s1"))).isEqualTo(StratifiedReservoir.Outcome.ADDED);
        }
        assertThat(r.offer(ex("e3", "ham", "s1"))).isEqualTo(StratifiedReservoir.Outcome.DUPLICATE);
        assertThat(r.size()).isEqualTo(10);
        assertThat(r.seen().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(10);
    }

    @Test
    void aRareClassKeepsItsShare() {
        StratifiedReservoir r = new StratifiedReservoir(20);
        int spam = 0;
        for (int i = 0; i < 2000; i++) {
            r.offer(ex("h" + i, "ham", "s1"));
            if (i % 100 == 0) { // 1 % of the stream
                r.offer(ex("s" + spam++, "spam", "s1"));
            }
        }
        Map<String, Integer> perClass = perClass(r);
        assertThat(r.size()).isEqualTo(20);
        // uniform reservoir sampling would keep about 0.2 spam; the balanced one keeps all 20 seen, up to half
        assertThat(perClass.get("spam")).isEqualTo(10);
        assertThat(perClass.get("ham")).isEqualTo(10);
    }

    @Test
    void oldSlicesKeepExamplesWhenNewOnesFlood() {
        StratifiedReservoir r = new StratifiedReservoir(30);
        for (int i = 0; i < 30; i++) {
            r.offer(ex("old" + i, "ham", "2002"));
        }
        for (int i = 0; i < 3000; i++) {
            r.offer(ex("new" + i, "ham", "2003"));
        }
        Map<String, Integer> perSlice = new TreeMap<>();
        r.sizes().forEach((s, n) -> perSlice.merge(s.slice(), n, Integer::sum));
        assertThat(perSlice).containsEntry("2002", 15).containsEntry("2003", 15);
    }

    @Test
    void withinAStratumItIsAUniformSample() {
        StratifiedReservoir r = new StratifiedReservoir(100);
        for (int i = 0; i < 10_000; i++) {
            r.offer(ex("e" + i, "ham", "s1"));
        }
        // Algorithm R: each of the 10,000 has a 1 % chance; the kept ids' mean is near the stream's mean (5,000)
        double mean = r.examples().stream().mapToInt(e -> Integer.parseInt(e.id().substring(1))).average()
                .orElseThrow();
        assertThat(mean).isBetween(4_000.0, 6_000.0);
        assertThat(r.examples().stream().filter(e -> Integer.parseInt(e.id().substring(1)) < 100).count())
                .isLessThan(10); // not just the first 100
    }

    @Test
    void theSameStreamGivesTheSameSample() {
        StratifiedReservoir a = new StratifiedReservoir(25);
        StratifiedReservoir b = new StratifiedReservoir(25);
        for (int i = 0; i < 500; i++) {
            String label = i % 7 == 0 ? "spam" : "ham";
            a.offer(ex("e" + i, label, "s" + i / 200));
            b.offer(ex("e" + i, label, "s" + i / 200));
        }
        assertThat(a.examples()).isEqualTo(b.examples());
    }

    @Test
    void restoringIntoASmallerCapacityTrims() {
        StratifiedReservoir big = new StratifiedReservoir(40);
        for (int i = 0; i < 40; i++) {
            big.offer(ex("e" + i, i % 2 == 0 ? "a" : "b", "s1"));
        }
        StratifiedReservoir small = new StratifiedReservoir(10);
        small.restore(big.examples(), big.seen());
        assertThat(small.size()).isEqualTo(10);
        assertThat(perClass(small)).containsEntry("a", 5).containsEntry("b", 5);
    }

    static HeldoutExample ex(String id, String label, String slice) {
        return new HeldoutExample(id, "text of " + id, label, Instant.EPOCH, slice);
    }

    private static Map<String, Integer> perClass(StratifiedReservoir r) {
        Map<String, Integer> out = new TreeMap<>();
        r.sizes().forEach((s, n) -> out.merge(s.label(), n, Integer::sum));
        return out;
    }
}
