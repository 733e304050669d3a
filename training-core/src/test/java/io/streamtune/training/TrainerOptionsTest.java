package io.streamtune.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerOptionsTest {

    private final TrainerOptions base = TrainerOptions.defaults(List.of("spam"), Path.of("work"));

    @Test
    void aWitherChangesItsOptionAndKeepsEveryOther() {
        TrainerOptions changed = base.withDer(0.5, 0.7).withOneLabelAlphaOnOthers(false).withGroupId("pool-b");
        assertThat(changed.derAlpha()).isEqualTo(0.5);
        assertThat(changed.derBeta()).isEqualTo(0.7);
        assertThat(changed.oneLabelAlphaOnOthers()).isFalse();
        assertThat(changed.groupId()).isEqualTo("pool-b");
        assertThat(changed.withDer(base.derAlpha(), base.derBeta()).withOneLabelAlphaOnOthers(true)
                .withGroupId(base.groupId())).isEqualTo(base);
        assertThat(base.toBuilder().build()).isEqualTo(base);
    }

    @Test
    void theBuilderChecksLikeTheConstructor() {
        assertThatThrownBy(() -> base.toBuilder().evenReplayShare(1.5).build())
                .hasMessageContaining("even-replay-share");
        assertThatThrownBy(() -> base.toBuilder().groupId(" ").build()).hasMessageContaining("group-id");
    }
}
