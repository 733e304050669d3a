package io.streamtune.e2e.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.e2e.corpus.LabelledText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    @Test
    void evaluatesEveryNBatchesAtPhaseEndsAndAtTheEnd() {
        List<LabelledText> stream = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            stream.add(new LabelledText("id" + i, "t" + i, "ham", "g", i < 21 ? "2002" : "2003", Instant.EPOCH));
        }
        Schedule s = Schedule.of(stream, 4, 5);
        assertThat(s.batches()).hasSize(13);
        assertThat(s.batches().get(12)).hasSize(2);
        // every 5th batch (4, 9), the batch holding example 20 (5), the last batch (12)
        assertThat(s.evaluateAfter()).containsExactly(4, 5, 9, 12);
        assertThat(s.phaseEnds()).isEqualTo(Map.of(5, "2002", 12, "2003"));
    }
}
