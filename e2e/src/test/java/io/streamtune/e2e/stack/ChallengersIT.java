package io.streamtune.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.contracts.CheckpointCreated;
import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.contracts.FineTuneMode;
import io.streamtune.contracts.LabelSet;
import io.streamtune.contracts.ModelFamily;
import io.streamtune.contracts.ModelPromoted;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.PromotionPolicy;
import io.streamtune.contracts.ReplayStrategy;
import io.streamtune.contracts.TrainingSettings;
import io.streamtune.contracts.Variant;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Challengers on the real stack (Kafka, S3, the four services as processes): a model declares a top-2 transformer
 * (its own settings), a head-only transformer and the linear family, marked promotable. One stream trains all three,
 * each in its own lineage of checkpoints carrying its training cost; the evaluator scores each variant's checkpoints
 * on the same held-out snapshot as the champion; the registry decides every evaluation with the gates, the cost-aware
 * one included. The synthetic mail is easy for every variant (macro-F1 1.0 on held-out), so the cheaper family wins:
 * either the linear family is promoted over a transformer champion, or a transformer that is only as good as a linear
 * champion is refused by the cost gate.
 */
class ChallengersIT {

    static final String MODEL = "spam";
    static final int EMAILS = 400;
    static final Set<String> VARIANTS = Set.of(Variant.PRIMARY, "head-only", "linear");

    @TempDir
    Path dir;

    @Test
    void everyVariantTrainsOnTheStreamIsScoredOnTheSameSnapshotAndTheCheaperFamilyWins() throws Exception {
        try (TestStack stack = TestStack.start(dir, MODEL, b -> { });
                PipelineEvents events = new PipelineEvents(stack.testBootstrapServers, MODEL,
                        new PipelineEvents.Listener() { })) {
            StreamtuneServices services = stack.services;
            RegistryClient registry = services.registry();
            assertThat(registry.define(spec())).isEqualTo(201);
            services.process(StreamtuneService.TRAINER).awaitReady(Duration.ofMinutes(4));
            List<IngestClient.Example> emails = SyntheticMail.generate("ch", EMAILS, 23);
            send(services.ingest(), emails.subList(0, EMAILS / 2));
            ModelPromoted first = events.awaitPromotion("a first champion", Duration.ofMinutes(6), p -> true);
            System.out.printf("first champion v%d from %s%n", first.version(), first.checkpointId());
            // the rest of the stream: every variant's next checkpoints are compared with that champion
            send(services.ingest(), emails.subList(EMAILS / 2, EMAILS));
            String shared = Waits.until("every variant evaluated against the champion on the same snapshot",
                    Duration.ofMinutes(8), () -> sharedSnapshot(events.evaluations()));
            System.out.printf("snapshot %s: %s%n", shared, events.evaluations().stream()
                    .filter(e -> shared.equals(e.heldoutSnapshotId())).map(e -> e.variant() + " " + e.checkpointId()
                            + " " + e.candidate().macroF1() + " vs v" + e.championVersion()).toList());
            Waits.until("the cheaper family winning a decision", Duration.ofMinutes(6), () -> {
                try {
                    return Optional.of(cheaperWon(decisions(registry))).filter(won -> won);
                } catch (java.io.IOException e) {
                    return Optional.empty();
                }
            });
            services.process(StreamtuneService.TRAINER).kill();
            Waits.until("a decision on every evaluation", Duration.ofMinutes(3), () -> {
                try {
                    int decided = registry.decisions(MODEL, 0, 1).path("total").asInt();
                    return Optional.of(decided).filter(d -> events.evaluations().size() >= events.checkpoints()
                            .size() && d >= events.evaluations().size());
                } catch (java.io.IOException e) {
                    return Optional.empty();
                }
            });

            // checkpoints: three lineages, each with its family and its cost
            Map<String, List<CheckpointCreated>> byVariant = events.checkpoints().stream()
                    .collect(Collectors.groupingBy(CheckpointCreated::variant));
            assertThat(byVariant.keySet()).as("variants that made checkpoints").isEqualTo(VARIANTS);
            Map<String, Double> cost = new TreeMap<>();
            byVariant.forEach((variant, cks) -> {
                CheckpointCreated last = cks.stream().max(Comparator.comparingLong(CheckpointCreated::step))
                        .orElseThrow();
                assertThat(last.family()).isEqualTo(variant.equals("linear") ? ModelFamily.LINEAR
                        : ModelFamily.TRANSFORMER);
                assertThat(last.artifactUri()).contains(Variant.lineage(MODEL, variant) + "/" + last.checkpointId());
                assertThat(last.cost().examples()).as("%s examples trained", variant).isPositive();
                assertThat(last.cost().cpuSecondsPer1000()).as("%s CPU s / 1000", variant).isPositive();
                cost.put(variant, last.cost().cpuSecondsPer1000());
            });
            System.out.printf("CPU s per 1,000 examples: %s%n", cost);
            assertThat(cost.get("linear")).as("the linear family's cost").isLessThan(cost.get("head-only"))
                    .isLessThan(cost.get(Variant.PRIMARY));

            // decisions: one per evaluation, named by variant, each following the gates
            List<JsonNode> decisions = decisions(registry);
            assertThat(decisions).hasSizeGreaterThanOrEqualTo(events.evaluations().size());
            Map<Integer, String> familyOfVersion = new HashMap<>();
            for (JsonNode d : decisions) {
                System.out.printf("decision %s: %s %s %s macro-F1 %.4f vs champion %s, failed %s, CPU s/1000 %s%n",
                        d.path("id").asText(), d.path("variant").asText(), d.path("outcome").asText(),
                        d.path("checkpointId").asText(), d.path("candidate").path("macroF1").asDouble(),
                        d.path("champion").path("macroF1").asText("-"), d.path("failedGates"),
                        d.path("cost").path("cpuSecondsPer1000").asText("-"));
                String variant = d.path("variant").asText();
                String family = d.path("family").asText();
                assertThat(VARIANTS).contains(variant);
                List<String> failed = new ArrayList<>();
                d.path("failedGates").forEach(g -> failed.add(g.asText()));
                boolean promoted = d.path("outcome").asText().equals("PROMOTED");
                assertThat(promoted).as("decision %s promoted iff no gate failed", d.path("id").asText())
                        .isEqualTo(failed.isEmpty());
                JsonNode costGate = gate(d, "cost");
                if (costGate != null && costGate.path("detail").asText().contains(": costlier")) {
                    // a candidate that costs more than the champion passes only by the margin, on the same snapshot
                    double required = d.path("champion").path("macroF1").asDouble() + 0.005;
                    assertThat(costGate.path("passed").asBoolean()).as("cost gate of %s", d.path("id").asText())
                            .isEqualTo(d.path("candidate").path("macroF1").asDouble() + 1e-9 >= required);
                }
                if (promoted) {
                    familyOfVersion.put(d.path("version").asInt(), family);
                }
            }
            assertThat(cheaperWon(decisions)).as("the cheaper family won: a linear promotion over a transformer "
                    + "champion, or a transformer refused by the cost gate alone").isTrue();
            JsonNode champion = registry.champion(MODEL).orElseThrow();
            System.out.printf("champion v%d: %s (%s), versions by family %s%n", champion.path("version").asInt(),
                    champion.path("variant").asText(), champion.path("family").asText(), familyOfVersion);
            assertThat(champion.path("family").asText()).isEqualTo(familyOfVersion.get(champion.path("version")
                    .asInt()));
            assertThat(champion.path("cost").path("cpuSecondsPer1000").asDouble()).isPositive();
        }
    }

    /** Every decision on the model, oldest first. */
    private static List<JsonNode> decisions(RegistryClient registry) throws java.io.IOException {
        List<JsonNode> out = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode items = registry.decisions(MODEL, page, 200).path("items");
            items.forEach(out::add);
            if (items.size() < 200) {
                break;
            }
        }
        out.sort(Comparator.comparing(d -> d.path("id").asText()));
        return out;
    }

    /**
     * Whether the cheaper family won a decision: the linear family promoted over a transformer champion, or a
     * transformer refused by the cost gate alone while the linear family was champion.
     */
    private static boolean cheaperWon(List<JsonNode> decisions) {
        String championFamily = null;
        for (JsonNode d : decisions) {
            String family = d.path("family").asText();
            List<String> failed = new ArrayList<>();
            d.path("failedGates").forEach(g -> failed.add(g.asText()));
            boolean promoted = d.path("outcome").asText().equals("PROMOTED");
            if (promoted && family.equals("linear") && "transformer".equals(championFamily)) {
                return true;
            }
            if (!promoted && failed.equals(List.of("cost")) && family.equals("transformer")
                    && "linear".equals(championFamily)) {
                return true;
            }
            if (promoted) {
                championFamily = family;
            }
        }
        return false;
    }

    private static void send(IngestClient ingest, List<IngestClient.Example> emails) throws java.io.IOException {
        for (int i = 0; i < emails.size(); i += 40) {
            assertThat(ingest.send(MODEL, emails.subList(i, Math.min(i + 40, emails.size()))).refused()).isEmpty();
        }
    }

    /** A snapshot on which every variant has a checkpoint evaluated beside the champion. */
    private static Optional<String> sharedSnapshot(List<CheckpointEvaluated> evaluations) {
        Map<String, Set<String>> variantsBySnapshot = new HashMap<>();
        for (CheckpointEvaluated e : evaluations) {
            if (e.status() == CheckpointEvaluated.Status.EVALUATED && e.champion() != null) {
                variantsBySnapshot.computeIfAbsent(e.heldoutSnapshotId(), s -> new java.util.HashSet<>())
                        .add(e.variant());
            }
        }
        return variantsBySnapshot.entrySet().stream().filter(x -> x.getValue().containsAll(VARIANTS))
                .map(Map.Entry::getKey).findFirst();
    }

    private static JsonNode gate(JsonNode decision, String name) {
        for (JsonNode g : decision.path("gates")) {
            if (g.path("gate").asText().equals(name)) {
                return g;
            }
        }
        return null;
    }

    /**
     * The primary variant trains the top 2 layers (short windows, small batches: a 2-core machine runs all three);
     * a head-only transformer and the linear family (promotable) challenge it. Every evaluated checkpoint that reaches
     * macro-F1 0.5 and its champion's score is promoted, unless it costs more than the champion and does not beat it
     * by the cost-aware margin.
     */
    static ModelSpec spec() {
        TrainingSettings training = new TrainingSettings(FineTuneMode.TOP_K, 2, 8, 500, 5e-5, 1e-2, 0, 64, 1,
                ReplayStrategy.RESERVOIR, 64, 0.5, 1.0, 6, 15);
        List<Variant> challengers = List.of(new Variant("head-only", null, Map.of("fineTuneMode", "head"), null, null),
                // the linear family checkpoints every 2 steps: its steps are cheap, and its evaluations are many
                new Variant("linear", ModelFamily.LINEAR, Map.of("checkpointEverySteps", 2), null, true));
        return new ModelSpec(null, 0, null, MODEL, LabelSet.closed("spam", "ham"), null, 0, 25, 40, training,
                new PromotionPolicy(0.5, 0.0, 1.0, 40), challengers);
    }
}
