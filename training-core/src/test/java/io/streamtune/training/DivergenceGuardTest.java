package io.streamtune.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DivergenceGuardTest {

    @Test
    void rollsBackAfterTheLimitInARowOrAtOnceWhenPoisoned() {
        DivergenceGuard g = new DivergenceGuard(3);
        assertThat(g.skipped(false)).isFalse();
        assertThat(g.skipped(false)).isFalse();
        g.applied(); // a good step in between starts the count again
        assertThat(g.skipped(false)).isFalse();
        assertThat(g.skipped(false)).isFalse();
        assertThat(g.skipped(false)).isTrue();
        assertThat(g.consecutive()).isEqualTo(3);
        g.applied();
        assertThat(g.skipped(true)).as("poisoned weights cannot wait").isTrue();
    }
}
