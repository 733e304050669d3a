package io.streamtune.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HeldoutSplitTest {

    static final HeldoutSplit.Key KEY = HeldoutSplit.Key.of("streamtune-test-split-key");
    static final HeldoutSplit.Key OTHER = HeldoutSplit.Key.of("another-split-key-0001");

    @Test
    void bucketsMatchAnIndependentImplementation() {
        // computed with Python: int.from_bytes(hmac.new(key, (model + "/" + id).encode(), sha256).digest()[:8],
        // "big") % 100
        assertThat(HeldoutSplit.bucket(KEY, "spam", "msg-42")).isEqualTo(58);
        assertThat(HeldoutSplit.bucket(KEY, "spam", "a")).isEqualTo(23);
        assertThat(HeldoutSplit.bucket(KEY, "tickets", "0001")).isEqualTo(45);
        assertThat(HeldoutSplit.bucket(KEY, "m", "a")).isEqualTo(70);
        assertThat(HeldoutSplit.bucket(OTHER, "spam", "msg-42")).isEqualTo(51);
        assertThat(HeldoutSplit.bucket(OTHER, "split-emoji", "x")).isEqualTo(6);
    }

    @Test
    void theSplitIsStableForAKeyAndDependsOnIt() {
        int differ = 0;
        for (int i = 0; i < 1000; i++) {
            int bucket = HeldoutSplit.bucket(KEY, "spam", "id-" + i);
            assertThat(HeldoutSplit.bucket(HeldoutSplit.Key.of("streamtune-test-split-key"), "spam", "id-" + i))
                    .isEqualTo(bucket);
            differ += bucket != HeldoutSplit.bucket(OTHER, "spam", "id-" + i) ? 1 : 0;
        }
        // two keys agree on a bucket by chance 1 time in 100
        assertThat(differ).isGreaterThan(950);
    }

    @Test
    void sideFollowsThePercentage() {
        assertThat(HeldoutSplit.side(KEY, "spam", "msg-42", 58)).isEqualTo(HeldoutSplit.Side.TRAIN);
        assertThat(HeldoutSplit.side(KEY, "spam", "msg-42", 59)).isEqualTo(HeldoutSplit.Side.HELDOUT);
        assertThat(HeldoutSplit.heldout(KEY, "spam", "a", 24)).isTrue();
        assertThat(HeldoutSplit.heldout(KEY, "spam", "a", 23)).isFalse();
        assertThat(HeldoutSplit.Side.HELDOUT.topic("spam")).isEqualTo("streamtune.spam.heldout");
        assertThat(HeldoutSplit.Side.TRAIN.topic("spam")).isEqualTo("streamtune.spam.train");
    }

    @Test
    void theShareHeldOutIsCloseToThePercentage() {
        int n = 50_000;
        int heldout = 0;
        for (int i = 0; i < n; i++) {
            heldout += HeldoutSplit.side(KEY, "spam", "id-" + i, 20) == HeldoutSplit.Side.HELDOUT ? 1 : 0;
        }
        // binomial sd = sqrt(50000 * 0.2 * 0.8) ≈ 89: 5 sd either side
        assertThat(heldout).isBetween(10_000 - 450, 10_000 + 450);
    }

    @Test
    void theModelIsPartOfTheHash() {
        int differ = 0;
        for (int i = 0; i < 1000; i++) {
            differ += HeldoutSplit.bucket(KEY, "spam", "id-" + i) != HeldoutSplit.bucket(KEY, "tickets", "id-" + i)
                    ? 1 : 0;
        }
        assertThat(differ).isGreaterThan(900);
    }

    @Test
    void refusesAPercentageOutOfRangeAndAShortKey() {
        assertThatThrownBy(() -> HeldoutSplit.side(KEY, "spam", "a", 101)).hasMessageContaining("0..100");
        assertThatThrownBy(() -> HeldoutSplit.Key.of("short")).hasMessageContaining("at least 16 characters, got 5");
        assertThat(KEY.toString()).doesNotContain("streamtune-test-split-key");
    }
}
