package io.streamtune.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HeldoutSplitTest {

    @Test
    void bucketsMatchAnIndependentImplementation() {
        // computed with Python: int.from_bytes(sha256((model + "/" + id).encode()).digest()[:8], "big") % 100
        assertThat(HeldoutSplit.bucket("spam", "msg-42")).isEqualTo(82);
        assertThat(HeldoutSplit.bucket("spam", "a")).isEqualTo(33);
        assertThat(HeldoutSplit.bucket("tickets", "0001")).isEqualTo(8);
        assertThat(HeldoutSplit.bucket("spam", "b0f3c2a8-1d2e-4f5a-9b7c-123456789abc")).isEqualTo(95);
    }

    @Test
    void sideFollowsThePercentage() {
        assertThat(HeldoutSplit.side("spam", "msg-42", 82)).isEqualTo(HeldoutSplit.Side.TRAIN);
        assertThat(HeldoutSplit.side("spam", "msg-42", 83)).isEqualTo(HeldoutSplit.Side.HELDOUT);
        assertThat(HeldoutSplit.side("tickets", "0001", 20)).isEqualTo(HeldoutSplit.Side.HELDOUT);
        assertThat(HeldoutSplit.Side.HELDOUT.topic("spam")).isEqualTo("streamtune.spam.heldout");
        assertThat(HeldoutSplit.Side.TRAIN.topic("spam")).isEqualTo("streamtune.spam.train");
    }

    @Test
    void theShareHeldOutIsCloseToThePercentage() {
        int n = 50_000;
        int heldout = 0;
        for (int i = 0; i < n; i++) {
            heldout += HeldoutSplit.side("spam", "id-" + i, 20) == HeldoutSplit.Side.HELDOUT ? 1 : 0;
        }
        // binomial sd = sqrt(50000 * 0.2 * 0.8) ≈ 89: 5 sd either side
        assertThat(heldout).isBetween(10_000 - 450, 10_000 + 450);
    }

    @Test
    void theModelIsPartOfTheHash() {
        int differ = 0;
        for (int i = 0; i < 1000; i++) {
            differ += HeldoutSplit.bucket("spam", "id-" + i) != HeldoutSplit.bucket("tickets", "id-" + i) ? 1 : 0;
        }
        assertThat(differ).isGreaterThan(900);
    }

    @Test
    void refusesAPercentageOutOfRange() {
        assertThatThrownBy(() -> HeldoutSplit.side("spam", "a", 101)).hasMessageContaining("0..100");
    }

    @Test
    void bucketsMatchTheFormulaComputedElsewhere() {
        // SHA-256(model + "/" + id), first 8 bytes unsigned big-endian, mod 100 (computed with Python's hashlib)
        assertThat(HeldoutSplit.bucket("m", "a")).isEqualTo(69);
        assertThat(HeldoutSplit.bucket("split-emoji", "x")).isEqualTo(19);
        assertThat(HeldoutSplit.bucket("spamassassin", "sa-spam-1-00001.7848dde101aa985090474a91ec93fcf0"))
                .isEqualTo(32);
        assertThat(HeldoutSplit.heldout("split-emoji", "x", 20)).isTrue();
        assertThat(HeldoutSplit.heldout("m", "a", 20)).isFalse();
    }
}
