package io.streamtune.e2e.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeldoutSplitTest {

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

    @Test
    void aboutTheGivenShareIsHeldOut() {
        int held = 0;
        for (int i = 0; i < 10_000; i++) {
            held += HeldoutSplit.heldout("model", "id-" + i, 20) ? 1 : 0;
        }
        assertThat(held).isBetween(1_850, 2_150);
    }
}
