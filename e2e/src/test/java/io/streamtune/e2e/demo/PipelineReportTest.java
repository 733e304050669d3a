package io.streamtune.e2e.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineReportTest {

    private static Map<String, Double> common() {
        Map<String, Double> n = new LinkedHashMap<>();
        n.put("cpu_cores", 2.0);
        n.put("load_average_start", 1.0);
        n.put("load_average_end", 2.0);
        n.put("batch_size", 16.0);
        n.put("seq_len", 128.0);
        n.put("checkpoint_every_steps", 100.0);
        n.put("checkpoint_every_s", 30.0);
        n.put("client_batch", 50.0);
        n.put("freshness_s_p50", 21.04);
        n.put("freshness_s_p95", 48.96);
        return n;
    }

    @Test
    void aSustainedRunShowsArrivalCapacityAndTheirRatio() {
        Map<String, Double> n = common();
        n.put("warmup_emails", 400.0);
        n.put("arrival_emails", 5646.0);
        n.put("arrival_seed", 42.0);
        n.put("arrival_rate_target_per_s", 9.375);
        n.put("arrival_rate_per_s", 9.31);
        n.put("arrival_train_per_s", 7.45);
        n.put("trainer_capacity_examples_per_s", 14.9);
        n.put("trainer_capacity_warmup_examples_per_s", 15.2);
        n.put("arrival_over_capacity", 0.5);

        String s = PipelineReport.section(n, "bin/demo --record --rate auto --warmup 400 --seed 42");

        assertThat(s).startsWith("## pipeline").contains("`bin/demo --record --rate auto --warmup 400 --seed 42`")
                .contains("a warm-up of 400 emails at once").contains("the other 5,646 emails as Poisson arrivals at "
                        + "9.38 emails/s (exponential gaps, seed 42")
                .contains("a checkpoint every 100 steps or 30 s")
                .contains("| 9.31 / 7.45 |").contains("| 14.9 / 15.2 |").contains("| **0.500** |")
                .contains("(the training emails sent at the rate) | **21.0 / 49.0** |")
                .contains("A sustained load, not a backlog");
    }

    @Test
    void aBacklogRunKeepsItsTableWithoutArrivalRows() {
        Map<String, Double> n = common();
        n.put("ingest_examples", 6046.0);
        String s = PipelineReport.section(n, "bin/demo --record");
        assertThat(s).contains("sends the whole stream at once").contains("| 6,046 / – |")
                .doesNotContain("arrival").contains("`bin/demo --rate` measures freshness");
    }
}
