package io.streamtune.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.contracts.CheckpointCreated;
import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.contracts.CheckpointManifest;
import io.streamtune.contracts.DlqHeaders;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.LabelledExample;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.Topics;
import io.streamtune.evaluator.heldout.TimeSlices;
import io.streamtune.evaluator.support.Buckets;
import io.streamtune.evaluator.support.KafkaTopics;
import io.streamtune.evaluator.support.ServiceProcess;
import io.streamtune.evaluator.support.TestData;
import io.streamtune.evaluator.support.TestModels;
import io.streamtune.localstack.test.RealServers;
import io.streamtune.localstack.test.S3Endpoint;
import io.streamtune.model.checkpoint.CheckpointIO;
import io.streamtune.model.classifier.Classifier;
import io.streamtune.model.classifier.FineTuning;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.ObjectStore;
import io.streamtune.storage.S3ArtifactStore;
import io.streamtune.storage.S3Settings;
import io.streamtune.storage.StorageLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service against the real broker and S3 server: held-out examples in, a checkpoint written by the
 * model module announced, the evaluation out; poison records to the DLQ; re-delivery; snapshot pinning; a restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EvaluatorServiceIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    static Path tmp;

    static final String MODEL = "e2e-" + UUID.randomUUID().toString().substring(0, 6);
    static String heldoutTopic;
    static KafkaTopics kafka;
    static ArtifactStore store;
    static ServiceProcess service;
    static S3Settings s3;
    static final List<LabelledExample> sent = new ArrayList<>();
    static CheckpointEvaluated first;
    static CheckpointCreated firstAnnouncement;

    @BeforeAll
    static void start() {
        heldoutTopic = Topics.heldout(MODEL);
        kafka = new KafkaTopics(RealServers.kafka().bootstrapServers());
        for (String t : List.of(Topics.MODELS, Topics.CHECKPOINTS, Topics.EVALUATIONS, Topics.DLQ)) {
            kafka.create(t, 1);
        }
        kafka.create(heldoutTopic, 2);
        s3 = Buckets.fresh();
        store = new S3ArtifactStore(s3);
        store.ensureBuckets();
        kafka.send(Topics.MODELS, MODEL, EventJson.write(new ModelSpec(null, 0, null, MODEL,
                LabelSet.closed("ham", "spam"), null, 0, 0, 40, null, null)));
        service = new ServiceProcess(config(s3), tmp.resolve("service.log")).start(Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (store != null) {
            store.close();
        }
        Path log = tmp.resolve("service.log");
        if (Files.exists(log)) { // kept for a failed run's diagnosis
            Files.copy(log, Path.of("target", "evaluator-service-it.log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    @Order(1)
    void evaluatesAnAnnouncedCheckpointWithCorrectMetrics() throws Exception {
        send(TestData.examples(MODEL, "x", 60, 21));
        awaitHeldout(60);

        Classifier c = TestModels.trained(FineTuning.head(), sent, 40, 5);
        CheckpointManifest m;
        float[][] p;
        try (c) {
            m = TestModels.write(store, MODEL, "ck-1", c, tmp);
            p = c.inference().probabilities(sent.stream().map(LabelledExample::text).toList());
        }
        firstAnnouncement = TestModels.announcement(m);
        kafka.send(Topics.CHECKPOINTS, MODEL, EventJson.write(firstAnnouncement));
        first = awaitEvaluation("ck-1", 1).get(0);

        assertThat(first.status()).isEqualTo(CheckpointEvaluated.Status.EVALUATED);
        assertThat(first.evaluatedCount()).isEqualTo(60);
        assertThat(first.heldoutSnapshotId()).startsWith(MODEL + "-hs-");
        assertThat(first.champion()).isNull();
        // scores worked out here from the whole network's probabilities
        int[][] counts = new int[2][3]; // per class: tp, support, predicted
        int hits = 0;
        double logLoss = 0;
        for (int i = 0; i < p.length; i++) {
            int truth = sent.get(i).label().equals("ham") ? 0 : 1;
            int predicted = p[i][0] >= p[i][1] ? 0 : 1;
            counts[truth][1]++;
            counts[predicted][2]++;
            if (truth == predicted) {
                counts[truth][0]++;
                hits++;
            }
            logLoss -= Math.log(Math.max(p[i][truth], 1e-15));
        }
        double f1Sum = 0;
        for (int[] k : counts) {
            double precision = k[2] == 0 ? 0 : (double) k[0] / k[2];
            double recall = (double) k[0] / k[1];
            f1Sum += precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        }
        assertThat(first.candidate().accuracy()).isEqualTo((double) hits / 60);
        assertThat(first.candidate().macroF1()).isCloseTo(f1Sum / 2, within(1e-9));
        assertThat(first.candidate().logLoss()).isCloseTo(logLoss / 60, within(1e-4));
        assertThat(first.candidate().perClass().get("spam").support()).isEqualTo(counts[1][1]);
        TimeSlices months = new TimeSlices(Duration.ofDays(30));
        assertThat(first.candidate().sliceAccuracy().keySet()).isEqualTo(sent.stream()
                .map(e -> months.sliceOf(e.eventTime())).collect(java.util.stream.Collectors.toSet()));
        assertThat(first.candidate().accuracy()).isGreaterThan(0.9);

        JsonNode recorded = EventJson.mapper().readTree(service.get("/api/v1/evaluations/" + MODEL + "/ck-1"));
        assertThat(recorded.get("eventId").asText()).isEqualTo(first.eventId());
        String metrics = service.get("/q/metrics");
        assertThat(metrics).contains("streamtune_evaluator_score{metric=\"accuracy\",model=\"" + MODEL
                + "\",role=\"candidate\"}").contains("streamtune_evaluator_heldout_examples{model=\"" + MODEL)
                // HTTP server metrics from the Micrometer extension, by route template
                .containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"200\",uri=\"/api/v1/evaluations/");
        JsonNode ready = EventJson.mapper().readTree(service.get("/q/health/ready"));
        assertThat(ready.get("status").asText()).isEqualTo("UP");
        assertThat(ready.toString()).contains("\"S3 object store\"").contains("\"Kafka brokers\"");
        assertThat(service.get("/q/openapi")).contains("/api/v1/heldout/{model}");
    }

    @Test
    @Order(2)
    void poisonRecordsGoToTheDlqAndConsumptionGoesOn() {
        kafka.send(heldoutTopic, "poison-h", "{not json".getBytes(StandardCharsets.UTF_8));
        kafka.send(Topics.CHECKPOINTS, MODEL, "{\"model\":\"Not A Model!\"}".getBytes(StandardCharsets.UTF_8));
        send(TestData.examples(MODEL, "after-poison", 1, 22));
        List<ConsumerRecord<byte[], byte[]>> dead = kafka.await(Topics.DLQ,
                r -> "poison-h".equals(KafkaTopics.key(r)) || (MODEL.equals(KafkaTopics.key(r))
                        && Topics.CHECKPOINTS.equals(KafkaTopics.header(r, DlqHeaders.SOURCE_TOPIC))), 2, WAIT);
        assertThat(dead).hasSize(2);
        ConsumerRecord<byte[], byte[]> h = dead.stream().filter(r -> "poison-h".equals(KafkaTopics.key(r)))
                .findFirst().orElseThrow();
        assertThat(new String(h.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(KafkaTopics.header(h, DlqHeaders.SOURCE_TOPIC)).isEqualTo(heldoutTopic);
        assertThat(KafkaTopics.header(h, DlqHeaders.REASON)).contains("LabelledExample");
        assertThat(KafkaTopics.header(h, DlqHeaders.CONSUMER)).isEqualTo("evaluator-service");
        ConsumerRecord<byte[], byte[]> c = dead.stream().filter(r -> MODEL.equals(KafkaTopics.key(r))).findFirst()
                .orElseThrow();
        assertThat(KafkaTopics.header(c, DlqHeaders.REASON)).contains("model");
        awaitHeldout(61); // consumption went on
    }

    @Test
    @Order(3)
    void aReDeliveredAnnouncementRepublishesTheSameResult() {
        kafka.send(Topics.CHECKPOINTS, MODEL, EventJson.write(firstAnnouncement));
        List<CheckpointEvaluated> both = awaitEvaluation("ck-1", 2);
        assertThat(both.get(1)).isEqualTo(first);
    }

    @Test
    @Order(4)
    void examplesArrivingDuringAnEvaluationAreNotInIt() throws Exception {
        CheckpointManifest m;
        try (Classifier c = TestModels.trained(FineTuning.head(), sent, 10, 6)) {
            m = TestModels.write(store, MODEL, "ck-2", c, tmp);
        }
        kafka.send(Topics.CHECKPOINTS, MODEL, EventJson.write(TestModels.announcement(m)));
        JsonNode inProgress = null;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (inProgress == null && System.nanoTime() < deadline) {
            var r = service.request("/api/v1/evaluations/in-progress");
            if (r.statusCode() == 200) {
                inProgress = EventJson.mapper().readTree(r.body());
            } else {
                Thread.sleep(20);
            }
        }
        assertThat(inProgress).as("saw the evaluation in progress").isNotNull();
        assertThat(inProgress.get("checkpointId").asText()).isEqualTo("ck-2");
        send(TestData.examples(MODEL, "during", 10, 23));
        CheckpointEvaluated r = awaitEvaluation("ck-2", 1).get(0);
        assertThat(r.heldoutSnapshotId()).isEqualTo(inProgress.get("heldoutSnapshotId").asText());
        assertThat(r.evaluatedCount()).isEqualTo(61);
        assertThat(r.championVersion()).isNull();
        awaitHeldout(71);
    }

    @Test
    @Order(5)
    void aRestartKeepsTheHeldoutSetAndResumesWhereItStopped() throws Exception {
        JsonNode before = EventJson.mapper().readTree(service.get("/api/v1/heldout/" + MODEL));
        assertThat(service.stop()).isIn(0, 143);
        send(TestData.examples(MODEL, "while-down", 4, 24));
        service.start(Duration.ofSeconds(120));
        JsonNode after = awaitHeldout(75);
        assertThat(after.get("seen").asLong()).isEqualTo(before.get("seen").asLong() + 4);
        Map<String, Long> offsets = new TreeMap<>();
        after.get("nextOffsets").fields().forEachRemaining(e -> offsets.put(e.getKey(), e.getValue().asLong()));
        assertThat(offsets.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(75 + 1); // + the poison
        // nothing was read twice: the consumer started at the saved offsets, not at the beginning (a fresh process
        // that re-read the topic would rebuild the same set, but count 75 additions and send the poison again)
        String metrics = service.get("/q/metrics");
        assertThat(metrics).doesNotContain("outcome=\"already_consumed\"").doesNotContain("outcome=\"dlq\"");
        assertThat(heldoutRecords(metrics, MODEL, "added")).isEqualTo(4.0);
        // idempotence survives the restart too
        kafka.send(Topics.CHECKPOINTS, MODEL, EventJson.write(firstAnnouncement));
        assertThat(awaitEvaluation("ck-1", 3).get(2)).isEqualTo(first);
    }

    @Test
    @Order(6)
    void aNewModelsHeldoutTopicIsPickedUpWithoutARestart() {
        String other = "e2e-new-" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(service.request("/api/v1/heldout/" + other).statusCode()).isEqualTo(404);
        kafka.create(Topics.heldout(other), 1); // created while the service runs
        for (LabelledExample e : TestData.examples(other, "n", 7, 25)) {
            kafka.send(Topics.heldout(other), e.id(), EventJson.write(e));
        }
        JsonNode summary = awaitHeldout(other, 7);
        assertThat(summary.get("seen").asLong()).isEqualTo(7);
        assertThat(awaitHeldout(MODEL, 75).get("seen").asLong()).isEqualTo(75); // the first model is untouched
    }

    @Test
    @Order(7)
    void aChampionThatCannotBeScoredDoesNotBlockTheModelsEvaluations() throws Exception {
        // ck-1 becomes the champion, then one of its files goes missing (a bucket being restored, say): the next
        // checkpoint is evaluated anyway, without a comparison and saying why, instead of failing (and being
        // acknowledged as failed) like every later one would
        store.createVersion(MODEL, 1, "ck-1", "{}".getBytes(StandardCharsets.UTF_8));
        store.moveChampion(MODEL, java.util.Optional.empty(), 1, "test", "broken champion");
        String weights;
        byte[] saved;
        try (ObjectStore objects = new ObjectStore(s3)) {
            weights = objects.list(s3.modelsBucket(), StorageLayout.versionPrefix(MODEL, 1)).stream()
                    .filter(k -> k.endsWith("/" + CheckpointIO.WEIGHTS)).findFirst().orElseThrow();
            saved = objects.get(s3.modelsBucket(), weights);
            objects.delete(s3.modelsBucket(), weights);
        }
        try (Classifier c = TestModels.trained(FineTuning.head(), sent, 10, 7)) {
            kafka.send(Topics.CHECKPOINTS, MODEL, EventJson.write(TestModels.announcement(
                    TestModels.write(store, MODEL, "ck-3", c, tmp))));
        }
        CheckpointEvaluated r = awaitEvaluation("ck-3", 1).get(0);
        assertThat(r.status()).isEqualTo(CheckpointEvaluated.Status.EVALUATED);
        assertThat(r.candidate()).isNotNull();
        assertThat(r.champion()).isNull();
        assertThat(r.reason()).contains("champion v1 (ck-1) cannot be scored").contains("without a comparison");

        // its files back, the champion is compared again
        try (ObjectStore objects = new ObjectStore(s3)) {
            objects.put(s3.modelsBucket(), weights, saved);
        }
        try (Classifier c = TestModels.trained(FineTuning.head(), sent, 12, 8)) {
            kafka.send(Topics.CHECKPOINTS, MODEL, EventJson.write(TestModels.announcement(
                    TestModels.write(store, MODEL, "ck-4", c, tmp))));
        }
        CheckpointEvaluated r4 = awaitEvaluation("ck-4", 1).get(0);
        assertThat(r4.status()).isEqualTo(CheckpointEvaluated.Status.EVALUATED);
        assertThat(r4.championVersion()).isEqualTo(1);
        assertThat(r4.championCheckpointId()).isEqualTo("ck-1");
        assertThat(r4.champion()).isNotNull();
        assertThat(r4.reason()).isNull();
    }

    /** The value of {@code streamtune_evaluator_heldout_records_total} for a model and outcome, 0 when absent. */
    private static double heldoutRecords(String metrics, String model, String outcome) {
        return metrics.lines().filter(l -> l.startsWith("streamtune_evaluator_heldout_records_total{")
                        && l.contains("model=\"" + model + "\"") && l.contains("outcome=\"" + outcome + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static void send(List<LabelledExample> examples) {
        for (LabelledExample e : examples) {
            kafka.send(heldoutTopic, e.id(), EventJson.write(e));
            sent.add(e);
        }
    }

    private static JsonNode awaitHeldout(int size) {
        return awaitHeldout(MODEL, size);
    }

    private static JsonNode awaitHeldout(String model, int size) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            var r = service.request("/api/v1/heldout/" + model);
            if (r.statusCode() != 200) {
                return false;
            }
            last[0] = EventJson.mapper().readTree(r.body());
            return last[0].get("size").asInt() == size;
        });
        return last[0];
    }

    private static List<CheckpointEvaluated> awaitEvaluation(String checkpointId, int count) {
        return kafka.await(Topics.EVALUATIONS, r -> MODEL.equals(KafkaTopics.key(r))
                && EventJson.read(r.value(), CheckpointEvaluated.class).checkpointId().equals(checkpointId), count,
                WAIT).stream().map(r -> EventJson.read(r.value(), CheckpointEvaluated.class)).toList();
    }

    private static Map<String, String> config(S3Settings s3) {
        S3Endpoint e = RealServers.s3();
        Map<String, String> c = new TreeMap<>();
        c.put("kafka.bootstrap.servers", RealServers.kafka().bootstrapServers());
        c.put("streamtune.s3.endpoint", e.endpoint());
        c.put("streamtune.s3.access-key", e.accessKey());
        c.put("streamtune.s3.secret-key", e.secretKey());
        c.put("streamtune.s3.region", e.region());
        c.put("streamtune.s3.checkpoints-bucket", s3.checkpointsBucket());
        c.put("streamtune.s3.models-bucket", s3.modelsBucket());
        c.put("streamtune.evaluator.bucket", Buckets.evaluatorBucket(s3));
        c.put("streamtune.evaluator.work-dir", tmp.resolve("work").toString());
        c.put("streamtune.evaluator.min-slice-examples", "5");
        c.put("streamtune.evaluator.heldout.topic-discovery-ms", "1000");
        return c;
    }
}
