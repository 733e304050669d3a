package io.streamtune.evaluator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamtune.contracts.EvaluationMetrics;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.LabelledExample;
import io.streamtune.contracts.MonitoringReport;
import io.streamtune.contracts.Topics;
import io.streamtune.evaluator.evaluation.ChampionScores;
import io.streamtune.evaluator.evaluation.LoadedVersions;
import io.streamtune.evaluator.evaluation.Metrics;
import io.streamtune.evaluator.heldout.HeldoutExample;
import io.streamtune.evaluator.metrics.EvaluatorMeters;
import io.streamtune.evaluator.scoring.DjlScorer;
import io.streamtune.evaluator.scoring.PrefixCache;
import io.streamtune.evaluator.support.Buckets;
import io.streamtune.evaluator.support.KafkaTopics;
import io.streamtune.evaluator.support.SameScores;
import io.streamtune.evaluator.support.TestData;
import io.streamtune.evaluator.support.TestModels;
import io.streamtune.localstack.test.RealServers;
import io.streamtune.model.DeviceChoice;
import io.streamtune.model.classifier.Classifier;
import io.streamtune.model.classifier.FineTuning;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.S3ArtifactStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor on a real S3 server and broker with real models: v1 promoted, then v2 (trained on flipped labels: it
 * degrades on what arrives next) promoted over it. Arriving held-out examples are scored by both versions on the same
 * window, and the reports on {@code streamtune.monitoring} hold the scores the whole networks give on exactly the
 * window's examples.
 */
class PrequentialMonitorIT {

    @TempDir
    Path tmp;

    @Test
    void arrivalsAreScoredByTheChampionAndThePreviousVersionOnTheSameWindowAndReported() throws Exception {
        String model = "mon-" + UUID.randomUUID().toString().substring(0, 6);
        List<LabelledExample> training = TestData.examples(model, "mon-a", 60, 21);
        List<LabelledExample> flipped = training.stream().map(e -> LabelledExample.of(e.id(), model, e.text(),
                e.label().equals("spam") ? "ham" : "spam", "test")).toList();
        List<LabelledExample> arriving = TestData.examples(model, "mon-b", 40, 23);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (KafkaTopics kafka = new KafkaTopics(RealServers.kafka().bootstrapServers());
                ArtifactStore store = new S3ArtifactStore(Buckets.fresh());
                Classifier c1 = TestModels.trained(FineTuning.head(), training, 20, 1);
                Classifier c2 = TestModels.trained(FineTuning.head(), flipped, 20, 2)) {
            kafka.create(Topics.MONITORING, 1);
            store.ensureBuckets();
            TestModels.write(store, model, "ck-1", c1, tmp);
            TestModels.write(store, model, "ck-2", c2, tmp);
            store.createVersion(model, 1, "ck-1", "{}".getBytes(StandardCharsets.UTF_8));
            store.moveChampion(model, java.util.Optional.empty(), 1, "test", "promoted");
            store.createVersion(model, 2, "ck-2", "{}".getBytes(StandardCharsets.UTF_8));
            store.moveChampion(model, store.readChampion(model), 2, "test", "promoted");

            DjlScorer scorer = new DjlScorer(new PrefixCache(64L << 20), 32, DeviceChoice.CPU);
            try (ChampionScores champions = new ChampionScores(store, scorer, tmp.resolve("work"), 8);
                    MonitoredVersions versions = new MonitoredVersions(store, champions,
                            new LoadedVersions(store, scorer, tmp.resolve("work/previous")));
                    PrequentialMonitor monitor = new PrequentialMonitor(versions,
                            r -> kafka.send(Topics.MONITORING, r.model(), EventJson.write(r)),
                            new EvaluatorMeters(registry),
                            new PrequentialMonitor.Settings(30, 20, Duration.ofHours(1), 16, 100,
                                    Duration.ofMillis(10)), Clock.systemUTC())) {
                for (int i = 0; i < arriving.size(); i++) {
                    LabelledExample e = arriving.get(i);
                    monitor.offer(model, 0, 100 + i, new HeldoutExample(e.id(), e.text(), e.label(), e.eventTime(),
                            "s1"));
                }
                while (monitor.queued() > 0) { // batches of 16, 16, 8: a report once 20 are new, none after 8
                    monitor.step();
                }
                monitor.flush();
                assertThat(monitor.scored()).isEqualTo(40);

                List<MonitoringReport> reports = kafka.await(Topics.MONITORING, r -> model.equals(KafkaTopics.key(r)),
                        2, Duration.ofSeconds(30)).stream()
                        .map(r -> EventJson.read(r.value(), MonitoringReport.class)).toList();
                assertThat(reports).hasSize(2);
                assertThat(reports).extracting(MonitoringReport::newExamples).containsExactly(30, 8);
                MonitoringReport last = reports.get(1);
                assertThat(last.championVersion()).isEqualTo(2);
                assertThat(last.championCheckpointId()).isEqualTo("ck-2");
                assertThat(last.championGeneration()).isEqualTo(2);
                assertThat(last.previousVersion()).isEqualTo(1);
                assertThat(last.windowSize()).isEqualTo(30);
                assertThat(last.count()).isEqualTo(30);
                assertThat(last.offsets()).containsExactly(new MonitoringReport.OffsetRange(0, 110, 139));
                assertThat(reports.get(0).offsets()).containsExactly(new MonitoringReport.OffsetRange(0, 102, 131));

                List<LabelledExample> window = arriving.subList(10, 40);
                SameScores.assertSameScores(last.champion(), independent(c2, window));
                SameScores.assertSameScores(last.previous(), independent(c1, window));
                assertThat(last.previous().macroF1()).as("the flipped champion degrades")
                        .isGreaterThan(last.champion().macroF1() + 0.2);
                assertThat(registry.get("streamtune.evaluator.monitoring.score").tags("model", model, "role",
                        "previous", "version", "1", "metric", "macro_f1").gauge().value())
                        .isEqualTo(last.previous().macroF1());
                assertThat(registry.get("streamtune.evaluator.monitoring.recall").tags("model", model, "role",
                        "champion", "version", "2", "class", "spam").gauge().value())
                        .isEqualTo(last.champion().perClass().get("spam").recall());
            }
        }
    }

    /** The whole network's scores on the examples, not through the evaluator's cached path. */
    private static EvaluationMetrics independent(Classifier c, List<LabelledExample> examples) {
        List<String> texts = examples.stream().map(LabelledExample::text).toList();
        return Metrics.compute(c.labels(), TestModels.probabilities(c, texts),
                examples.stream().map(LabelledExample::label).toList(), examples.stream().map(e -> "s1").toList());
    }
}
