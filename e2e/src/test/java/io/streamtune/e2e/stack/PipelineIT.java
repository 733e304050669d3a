package io.streamtune.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.contracts.FineTuneMode;
import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.ModelPromoted;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.PromotionPolicy;
import io.streamtune.contracts.ReplayStrategy;
import io.streamtune.contracts.Topics;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.model.DeviceChoice;
import io.streamtune.model.checkpoint.CheckpointIO;
import io.streamtune.model.classifier.Classifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop with every service a real process on a real broker and S3 server: labelled emails through ingest
 * become checkpoints, evaluations and a promotion, and the registry hands out a champion whose download works. The
 * broker runs as the Strimzi overlay deploys it, SASL/SCRAM and ACLs, each service its own {@code KafkaUser} of
 * {@code k8s/overlays/strimzi/users.yaml} (whose per-model ACLs name the model {@code spam}): every service does its
 * whole job within its rights, and the registry decides on every evaluation of the real evaluator (nothing goes to the
 * DLQ, no service is refused anything).
 */
class PipelineIT {

    static final String MODEL = "spam";
    static final int EMAILS = 240;

    @TempDir
    Path dir;

    @Test
    void emailsBecomeAChampionThatDownloads() throws Exception {
        long t0 = System.nanoTime();
        try (TestStack stack = TestStack.startSecured(dir, MODEL, b -> { });
                PipelineEvents events = new PipelineEvents(stack.testBootstrapServers, MODEL,
                        new PipelineEvents.Listener() { })) {
            StreamtuneServices services = stack.services;
            RegistryClient registry = services.registry();
            assertThat(registry.define(spec())).isEqualTo(201);
            services.process(StreamtuneService.TRAINER).awaitReady(Duration.ofMinutes(4));

            List<IngestClient.Example> emails = SyntheticMail.generate("pl", EMAILS, 7);
            IngestClient ingest = services.ingest();
            int train = 0;
            for (int i = 0; i < emails.size(); i += 40) {
                IngestClient.Result r = ingest.send(MODEL, emails.subList(i, Math.min(i + 40, emails.size())));
                assertThat(r.refused()).isEmpty();
                train += (int) r.accepted().stream().filter(IngestClient.Placement::train).count();
            }
            System.out.printf("sent %d emails (%d to train) at %.1f s%n", EMAILS, train, seconds(t0));

            ModelPromoted promoted = events.awaitPromotion("a promotion of " + MODEL, Duration.ofMinutes(6),
                    p -> true);
            System.out.printf("promoted v%d (%s) at %.1f s%n", promoted.version(), promoted.checkpointId(),
                    seconds(t0));
            assertThat(events.checkpoints()).anyMatch(c -> c.checkpointId().equals(promoted.checkpointId()));
            CheckpointEvaluated evaluation = events.awaitEvaluation("the promoted checkpoint's evaluation",
                    Duration.ofSeconds(30), e -> e.checkpointId().equals(promoted.checkpointId()));
            assertThat(evaluation.status()).isEqualTo(CheckpointEvaluated.Status.EVALUATED);
            assertThat(evaluation.evaluatedCount()).isGreaterThanOrEqualTo(spec().minHeldout());
            assertThat(evaluation.candidate().macroF1()).isGreaterThanOrEqualTo(0.5);

            JsonNode champion = Waits.until("the champion in the registry's API", Duration.ofSeconds(60), () -> {
                try {
                    return registry.champion(MODEL).filter(c -> c.path("version").asInt() >= promoted.version());
                } catch (java.io.IOException e) {
                    return java.util.Optional.empty();
                }
            });
            int version = champion.path("version").asInt();
            JsonNode download = champion.path("download");
            assertThat(download.path("url").asText()).startsWith("http://127.0.0.1:");

            // an app's download: the API's presigned URL, and the registry's redirect to one, give the same bytes
            byte[] bytes = RegistryClient.fetch(URI.create(download.path("url").asText()));
            assertThat(bytes).hasSize(download.path("size").asInt());
            assertThat(sha256(bytes)).isEqualTo(download.path("sha256").asText());
            byte[] viaRedirect = RegistryClient.fetch(registry.presigned(MODEL, version));
            assertThat(sha256(viaRedirect)).isEqualTo(download.path("sha256").asText());
            System.out.printf("champion v%d macro-F1 %.3f downloaded (%d bytes) at %.1f s%n", version,
                    champion.path("metrics").path("macroF1").asDouble(), bytes.length, seconds(t0));

            // the trainer's checkpoints hold only what trains (here the head); the version is whole: it loads and
            // predicts with nothing but the zip
            Path unzipped = unzip(bytes, Files.createTempDirectory("champion-"));
            JsonNode lineage = io.streamtune.contracts.EventJson.mapper()
                    .readTree(unzipped.resolve("checkpoint-manifest.json").toFile());
            JsonNode storedWeights = java.util.stream.StreamSupport.stream(lineage.path("files").spliterator(), false)
                    .filter(f -> f.path("path").asText().equals("model/weights.safetensors")).findFirst().orElseThrow();
            assertThat(storedWeights.path("size").asLong()).as("a head-mode checkpoint's weights").isLessThan(1 << 20);
            assertThat(Files.size(unzipped.resolve("model/weights.safetensors"))).as("the version's weights")
                    .isGreaterThan(80L << 20);
            assertThat(CheckpointIO.isDelta(unzipped.resolve("model"))).isFalse();
            try (Classifier served = CheckpointIO.loadClassifier(unzipped.resolve("model"), DeviceChoice.CPU)) {
                float[][] logits = served.inference().predict(List.of("WIN a FREE cruise, click now", "minutes of "
                        + "Tuesday's meeting attached"));
                assertThat(logits).hasNumberOfRows(2);
                assertThat(served.labels()).containsExactlyInAnyOrder("spam", "ham");
            }

            // every evaluation was decided, nothing was refused: no dead letter, no authorization error in any log
            int evaluated = events.evaluations().size();
            Waits.until("a decision on each of the " + evaluated + " evaluations so far", Duration.ofSeconds(60),
                    () -> {
                        try {
                            return java.util.Optional.of(registry.decisions(MODEL, 0, 1).path("total").asInt())
                                    .filter(n -> n >= evaluated);
                        } catch (java.io.IOException e) {
                            return java.util.Optional.empty();
                        }
                    });
            assertThat(PipelineEvents.count(stack.testBootstrapServers, Topics.DLQ)).isZero();
            for (StreamtuneService s : StreamtuneService.values()) {
                assertThat(Files.readString(services.process(s).logFile())).as(s.module() + "'s log")
                        .doesNotContain("AuthorizationException").doesNotContain("SaslAuthenticationException");
            }
        }
    }

    /** Head mode at 64 tokens, small batches, a checkpoint every 6 steps or 15 s: a few checkpoints in a minute. */
    static ModelSpec spec() {
        TrainingSettings training = new TrainingSettings(FineTuneMode.HEAD, 1, 8, 500, 5e-5, 1e-2, 0, 64, 1,
                ReplayStrategy.RESERVOIR, 64, 0.5, 1.0, 6, 15);
        return new ModelSpec(null, 0, null, MODEL, LabelSet.closed("spam", "ham"), null, 0, 25, 40, training,
                new PromotionPolicy(0.5, 0.0, 0.2, 40));
    }

    static Path unzip(byte[] zip, Path dir) throws java.io.IOException {
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                Path target = dir.resolve(e.getName()).normalize();
                assertThat(target.startsWith(dir)).as("%s stays inside the folder", e.getName()).isTrue();
                Files.createDirectories(target.getParent());
                Files.copy(in, target);
            }
        }
        return dir;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
