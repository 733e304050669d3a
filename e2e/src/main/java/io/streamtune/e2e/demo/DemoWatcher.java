package io.streamtune.e2e.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.contracts.CheckpointCreated;
import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.contracts.EvaluationMetrics;
import io.streamtune.contracts.TrainingCost;
import io.streamtune.contracts.Variant;
import io.streamtune.e2e.stack.PipelineEvents;
import io.streamtune.e2e.stack.RegistryClient;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns what the pipeline does into console lines: checkpoints (steps, loss) and evaluations from Kafka, promotions
 * and rejections with their reasons from the registry's promotion log. Events from before the demo started are
 * remembered but not printed.
 */
final class DemoWatcher implements PipelineEvents.Listener {

    private final DemoConsole console;
    private final RegistryClient registry;
    private final String model;
    private final Instant since;
    private final Map<String, JsonNode> decisions = new ConcurrentHashMap<>();
    /** The newest checkpoint and evaluation of each variant (the challengers' too). */
    private final Map<String, CheckpointCreated> latestByVariant = new ConcurrentHashMap<>();
    private final Map<String, CheckpointEvaluated> evaluatedByVariant = new ConcurrentHashMap<>();
    private volatile CheckpointCreated latest;
    private volatile long lastActivityNanos = System.nanoTime();

    DemoWatcher(DemoConsole console, RegistryClient registry, String model, Instant since) {
        this.console = console;
        this.registry = registry;
        this.model = model;
        this.since = since;
    }

    @Override
    public void checkpoint(CheckpointCreated c) {
        latestByVariant.merge(c.variant(), c, (a, b) -> b.step() >= a.step() ? b : a);
        if (!Variant.PRIMARY.equals(c.variant())) {
            return; // a challenger shows in its evaluations, one line each
        }
        if (latest == null || c.step() >= latest.step()) {
            latest = c;
        }
        if (fresh(c.occurredAt())) {
            touch();
            console.line(String.format("trainer    checkpoint %s: step %,d, %,d emails trained, mean loss %.4f",
                    c.checkpointId(), c.step(), c.examplesSeen(), c.trainingLoss()));
        }
    }

    @Override
    public void evaluation(CheckpointEvaluated e) {
        if (e.status() == CheckpointEvaluated.Status.EVALUATED) {
            evaluatedByVariant.merge(e.variant(), e, (a, b) -> b.occurredAt().isBefore(a.occurredAt()) ? a : b);
        }
        if (!fresh(e.occurredAt())) {
            return;
        }
        touch();
        String who = Variant.PRIMARY.equals(e.variant()) ? "" : e.variant() + " (" + e.family().wire() + ") ";
        if (e.status() != CheckpointEvaluated.Status.EVALUATED) {
            console.line("evaluator  " + who + e.checkpointId() + ": " + e.status() + " - " + e.reason());
            return;
        }
        EvaluationMetrics m = e.candidate();
        String champion = e.champion() == null ? "no champion yet"
                : String.format("champion v%s %.4f", e.championVersion(), e.champion().macroF1());
        console.line(String.format(Locale.ROOT, "evaluator  %s%s: macro-F1 %.4f, accuracy %.4f on %,d held-out "
                + "emails (%s); max forgetting %.3f; %s CPU s per 1,000 emails trained", who, e.checkpointId(),
                m.macroF1(), m.accuracy(), e.evaluatedCount(), champion, m.maxForgetting(), cost(e.cost())));
    }

    static String cost(TrainingCost c) {
        return c.examples() == 0 ? "-" : String.format(Locale.ROOT, c.cpuSecondsPer1000() < 10 ? "%.2f" : "%.0f",
                c.cpuSecondsPer1000());
    }

    /** The newest checkpoint of a variant. */
    CheckpointCreated latest(String variant) {
        return latestByVariant.get(variant);
    }

    /** The newest evaluation of a variant. */
    CheckpointEvaluated evaluated(String variant) {
        return evaluatedByVariant.get(variant);
    }

    /** Reads the registry's log and prints decisions not seen yet, oldest first. */
    void pollDecisions() {
        JsonNode page;
        try {
            page = registry.decisions(model, 0, 50);
        } catch (IOException | RuntimeException e) {
            return; // the registry is busy or restarting; the next poll catches up
        }
        List<JsonNode> fresh = new ArrayList<>();
        for (JsonNode d : page.path("items")) {
            String id = d.path("id").asText();
            if (decisions.putIfAbsent(id, d) == null) {
                fresh.add(0, d);
            }
        }
        for (JsonNode d : fresh) {
            Instant at = Instant.parse(d.path("decidedAt").asText(Instant.EPOCH.toString()));
            boolean shadow = false;
            for (JsonNode g : d.path("failedGates")) {
                shadow |= "shadow".equals(g.asText());
            }
            if (fresh(at) && !shadow) { // a shadow's evaluation line says all there is
                touch();
                console.line(describe(d));
            }
        }
    }

    private static String describe(JsonNode d) {
        String outcome = d.path("outcome").asText();
        String ck = d.path("checkpointId").asText();
        String reason = d.path("reason").asText("");
        return switch (outcome) {
            case "PROMOTED" -> "registry   PROMOTED " + ck + " to champion v" + d.path("version").asInt() + ": " + reason;
            case "ROLLED_BACK" -> "registry   rolled back to v" + d.path("version").asInt() + ": " + reason;
            default -> "registry   rejected " + ck + ": " + reason;
        };
    }

    /** The registry's decision on a checkpoint, once made. */
    JsonNode decision(String checkpointId) {
        return decisions.values().stream().filter(d -> checkpointId.equals(d.path("checkpointId").asText()))
                .findFirst().orElse(null);
    }

    CheckpointCreated latest() {
        return latest;
    }

    long secondsSinceActivity() {
        return (System.nanoTime() - lastActivityNanos) / 1_000_000_000L;
    }

    private void touch() {
        lastActivityNanos = System.nanoTime();
    }

    private boolean fresh(Instant at) {
        return at != null && !at.isBefore(since);
    }
}
