package io.streamtune.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.LabelledExample;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.Topics;
import io.streamtune.evaluator.support.Buckets;
import io.streamtune.evaluator.support.KafkaTopics;
import io.streamtune.evaluator.support.ServiceProcess;
import io.streamtune.evaluator.support.TestData;
import io.streamtune.evaluator.support.TestModels;
import io.streamtune.localstack.test.RealServers;
import io.streamtune.localstack.test.S3Endpoint;
import io.streamtune.localstack.test.ServerHandle;
import io.streamtune.model.classifier.Classifier;
import io.streamtune.model.classifier.FineTuning;
import io.streamtune.storage.S3ArtifactStore;
import io.streamtune.storage.S3Settings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An S3 outage on a server of the test's own, stopped while a checkpoint is announced: the evaluation waits, tried
 * again and again (well past the few tries after which it used to be published as FAILED and acknowledged, so never
 * retried), and is published as EVALUATED once the server is back.
 */
class EvaluatorOutageIT {

    @TempDir
    static Path tmp;

    @Test
    void anOutageDelaysAnEvaluationAndNeverFailsIt() throws Exception {
        String model = "out-" + UUID.randomUUID().toString().substring(0, 6);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Path log = tmp.resolve("service.log");
        try (ServerHandle<S3Endpoint> s3server = RealServers.startFreshS3();
                KafkaTopics kafka = new KafkaTopics(RealServers.kafka().bootstrapServers())) {
            S3Endpoint e = s3server.endpoint();
            S3Settings s3 = new S3Settings(URI.create(e.endpoint()), e.accessKey(), e.secretKey(), e.region(),
                    "ck-" + suffix, "models-" + suffix);
            for (String t : List.of(Topics.MODELS, Topics.CHECKPOINTS, Topics.EVALUATIONS, Topics.DLQ)) {
                kafka.create(t, 1);
            }
            kafka.create(Topics.heldout(model), 1);
            kafka.send(Topics.MODELS, model, EventJson.write(new ModelSpec(null, 0, null, model,
                    LabelSet.closed("ham", "spam"), null, 0, 0, 20, null, null)));
            try (S3ArtifactStore store = new S3ArtifactStore(s3);
                    ServiceProcess service = startedAfter(store, new ServiceProcess(config(e, s3), log))) {
                List<LabelledExample> examples = TestData.examples(model, "o", 30, 3);
                for (LabelledExample x : examples) {
                    kafka.send(Topics.heldout(model), x.id(), EventJson.write(x));
                }
                await().atMost(Duration.ofSeconds(90)).until(() -> {
                    var r = service.request("/api/v1/heldout/" + model);
                    return r.statusCode() == 200 && EventJson.mapper().readTree(r.body()).get("size").asInt() == 30;
                });
                var announcement = TestModels.announcement(writeCheckpoint(store, model, examples));

                s3server.stop(); // the outage
                kafka.send(Topics.CHECKPOINTS, model, EventJson.write(announcement));
                // the old code gave up after 3 tries (about 6 s) and published FAILED; now it keeps trying
                await().atMost(Duration.ofSeconds(120)).until(() -> Files.readString(log).split(
                        "Evaluating " + model + "/ck-1 failed, retrying until S3 answers", -1).length - 1 >= 5);
                assertThat(evaluations(kafka, model, Duration.ofSeconds(2))).as("nothing published during the outage")
                        .isEmpty();

                s3server.start();
                List<CheckpointEvaluated> after = evaluations(kafka, model, Duration.ofSeconds(120));
                assertThat(after).hasSize(1);
                assertThat(after.get(0).status()).isEqualTo(CheckpointEvaluated.Status.EVALUATED);
                assertThat(after.get(0).evaluatedCount()).isEqualTo(30);
                String metrics = service.get("/q/metrics");
                assertThat(metrics).containsPattern("streamtune_evaluator_evaluation_retries_total\\{model=\""
                        + model + "\"} [5-9]|streamtune_evaluator_evaluation_retries_total\\{model=\"" + model
                        + "\"} [1-9][0-9]");
            } finally {
                if (Files.exists(log)) { // kept for a failed run's diagnosis
                    Files.copy(log, Path.of("target", "evaluator-outage-it.log"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static ServiceProcess startedAfter(S3ArtifactStore store, ServiceProcess service) {
        store.ensureBuckets();
        return service.start(Duration.ofSeconds(120));
    }

    private static io.streamtune.contracts.CheckpointManifest writeCheckpoint(S3ArtifactStore store, String model,
            List<LabelledExample> examples) throws Exception {
        try (Classifier c = TestModels.trained(FineTuning.head(), examples, 10, 5)) {
            return TestModels.write(store, model, "ck-1", c, tmp);
        }
    }

    private static List<CheckpointEvaluated> evaluations(KafkaTopics kafka, String model, Duration timeout) {
        return kafka.await(Topics.EVALUATIONS, r -> model.equals(KafkaTopics.key(r)), 1, timeout).stream()
                .map(r -> EventJson.read(r.value(), CheckpointEvaluated.class)).toList();
    }

    private static Map<String, String> config(S3Endpoint e, S3Settings s3) {
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
        c.put("streamtune.evaluator.heldout.topic-discovery-ms", "1000");
        c.put("streamtune.evaluator.retry-backoff", "500ms");
        c.put("streamtune.evaluator.retry-max-backoff", "2s");
        return c;
    }
}
