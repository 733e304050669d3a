package io.streamtune.e2e.demo;

import io.streamtune.e2e.report.ReportWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code ## pipeline} section of docs/benchmarks.md and {@code docs/benchmarks/pipeline.json}, from a demo run
 * ({@code bin/demo --record}); the same figures go into e2e.json under {@code pipeline_}, so the quality and speed
 * report carries them whichever of the two ran last.
 */
public final class PipelineReport {

    public static final String NAME = "pipeline";
    /** The prefix of these figures inside e2e.json. */
    public static final String PREFIX = NAME + "_";

    private PipelineReport() {
    }

    /** The figures of the last recorded demo run, prefixed for e2e.json; empty when none was recorded. */
    public static Map<String, Double> prefixed(Path docs) throws IOException {
        Map<String, Double> out = new LinkedHashMap<>();
        ReportWriter.readJson(docs.resolve(ReportWriter.json(NAME))).forEach((k, v) -> out.put(PREFIX + k, v));
        return out;
    }

    static void write(Path docs, Map<String, Double> numbers, String command) throws IOException {
        write(docs, numbers, command, Map.of());
    }

    /**
     * @param challengers the same run's {@code demo_*} figures (in e2e.json, not pipeline.json): the linear shadow's
     *     last macro-F1 and cost beside the transformer's, shown in the section
     */
    static void write(Path docs, Map<String, Double> numbers, String command, Map<String, Double> challengers)
            throws IOException {
        String section = section(numbers, command);
        if (challengers.containsKey("demo_linear_macro_f1")) {
            section = section.stripTrailing() + "\n\n" + String.format(Locale.ROOT, "The same run's linear shadow "
                    + "(hashed TF-IDF + online logistic regression on the full text, trained on the same stream): "
                    + "held-out macro-F1 %.4f at %.2f CPU s per 1,000 emails trained, against the transformer's "
                    + "%.4f at %.1f (its last checkpoint each; `demo_linear_*` / `demo_transformer_*` in "
                    + "`e2e.json`).\n", challengers.get("demo_linear_macro_f1"),
                    challengers.get("demo_linear_cpu_s_per_1000"), challengers.get("demo_transformer_macro_f1"),
                    challengers.get("demo_transformer_cpu_s_per_1000"));
        }
        ReportWriter.write(docs, NAME, numbers, section);
        Path e2e = docs.resolve(ReportWriter.json("e2e"));
        if (Files.exists(e2e)) {
            Map<String, Double> merged = new LinkedHashMap<>();
            ReportWriter.readJson(e2e).forEach((k, v) -> {
                if (!k.startsWith(PREFIX)) {
                    merged.put(k, v);
                }
            });
            merged.putAll(prefixed(docs));
            ReportWriter.writeJson(e2e, merged);
        }
    }

    static String section(Map<String, Double> n, String command) {
        boolean sustained = n.containsKey("arrival_rate_per_s");
        StringBuilder s = new StringBuilder("## " + NAME + "\n\n");
        s.append(String.format(Locale.ROOT, "`%s` on %s → `docs/benchmarks/pipeline.json` (also in `e2e.json` as "
                + "`pipeline_*`). The four services as processes on the local stack (real Kafka broker, S3Proxy), "
                + "all on one %.0f-core CPU machine, no GPU (load average %.1f at the start of the stream, %.1f at "
                + "the end); the demo's model: top-2 layers + head, batch %.0f, %.0f tokens, a checkpoint every %s "
                + "steps or %s s. ", command, LocalDate.now(), n.get("cpu_cores"), n.get("load_average_start"),
                n.get("load_average_end"), n.get("batch_size"), n.get("seq_len"), f0(n, "checkpoint_every_steps"),
                f0(n, "checkpoint_every_s")));
        if (sustained) {
            s.append(String.format(Locale.ROOT, "One client sends a warm-up of %s emails at once, in batches of %.0f "
                    + "(the ingest figures are its), waits until the trainer has checkpointed them and the registry "
                    + "has decided on that checkpoint, then sends the other %s emails as Poisson arrivals at %s "
                    + "emails/s (exponential gaps, seed %s; a request carries every email whose time has come). ",
                    f0(n, "warmup_emails"), n.get("client_batch"), f0(n, "arrival_emails"),
                    f2(n, "arrival_rate_target_per_s"), f0(n, "arrival_seed")));
        } else {
            s.append(String.format(Locale.ROOT, "One client sends the whole stream at once, in batches of %.0f "
                    + "emails. ", n.get("client_batch")));
        }
        s.append("Reference: Kafka's own producer (acks=all, idempotent, linger.ms=5) sending the same records in the "
                + "same batches to the same broker, right after the stream.\n\n");
        s.append("| figure | value |\n|---|---|\n");
        row(s, "ingest: emails accepted / emails per second (HTTP 202 after Kafka's ack)"
                + (sustained ? ", the warm-up" : ""), f0(n, "ingest_examples") + " / " + f1(n, "ingest_examples_per_s"));
        row(s, "reference: Kafka producer, records per second", f1(n, "reference_producer_records_per_s"));
        row(s, "**ingest / producer**", "**" + f3(n, "ingest_over_producer") + "**");
        if (sustained) {
            row(s, "arrival at the rate: emails per second / training emails per second (first scheduled arrival "
                    + "to the last 2xx)", f2(n, "arrival_rate_per_s") + " / " + f2(n, "arrival_train_per_s"));
            row(s, "trainer capacity: training emails per second of step time, while streaming at the rate / in "
                    + "the warm-up", f1(n, "trainer_capacity_examples_per_s") + " / "
                    + f1(n, "trainer_capacity_warmup_examples_per_s"));
            row(s, "**arrival / capacity** (training emails per second over capacity: the share of the time the "
                    + "trainer steps)", "**" + f3(n, "arrival_over_capacity") + "**");
        }
        row(s, "trainer: emails trained / per second of step time / per second end to end (first send to last "
                + "checkpoint)", f0(n, "trainer_examples") + " / " + f1(n, "trainer_examples_per_step_s") + " / "
                + f1(n, "trainer_examples_per_s_end_to_end"));
        row(s, "checkpoints / evaluations / promotions", f0(n, "checkpoints") + " / " + f0(n, "evaluations") + " / "
                + f0(n, "promotions"));
        row(s, "evaluation: seconds from CheckpointCreated to CheckpointEvaluated, p50 / max",
                f1(n, "evaluation_s_p50") + " / " + f1(n, "evaluation_s_max"));
        row(s, "**freshness**: seconds from an email's 2xx to the promotion of a champion trained on it, p50 / p95"
                + (sustained ? " (the training emails sent at the rate)" : ""),
                "**" + f1(n, "freshness_s_p50") + " / " + f1(n, "freshness_s_p95") + "**");
        row(s, "training emails covered by a promotion / not (yet)", f0(n, "freshness_examples") + " / "
                + f0(n, "freshness_examples_not_promoted"));
        if (sustained) {
            s.append("\nA sustained load, not a backlog: the warm-up leaves a first model behind (the trainer's cold "
                    + "start and the first evaluation are not in freshness), and freshness counts only the training "
                    + "emails sent at the rate. Capacity is the trainer's own measure over the same part of the run: "
                    + "the growth of its `examplesSeen` over the growth of its `stepNanos` (status API), from the "
                    + "first arrival to the checkpoint that covers the last one; checkpoint writing is not step "
                    + "time. Arrival / capacity is then the share of the time the trainer spends stepping. An email "
                    + "waits for its micro-batch (at most the batch's wait), the next checkpoint (every "
                    + f0(n, "checkpoint_every_s") + " s while busy, sooner when the queue falls quiet), one "
                    + "evaluation and the promotion; one trained on by a checkpoint that fails a gate waits for the "
                    + "next promoted one. So that this measures a stream that goes on, not the end of one, the "
                    + "client keeps sending at the same rate past the measured emails (" + f0(n, "arrival_tail_emails")
                    + " more of the corpus' next emails here, not measured) until a promoted model holds every "
                    + "measured one; without it, emails trained into a last checkpoint that fails the change gate "
                    + "would never be promoted.\n");
        } else {
            s.append("\nFreshness is bounded below by the checkpoint interval plus one evaluation: a model is promoted "
                    + "only after it was checkpointed and scored, and an email trained on by a checkpoint that fails "
                    + "a gate waits for the next promoted one. The trainer is the bottleneck on a CPU: ingest accepts "
                    + "the whole stream long before it is trained on, so most of an email's freshness is its wait in "
                    + "the train topic; `bin/demo --rate` measures freshness under a load the trainer can sustain.\n");
        }
        return s.toString();
    }

    private static void row(StringBuilder s, String what, String value) {
        s.append("| ").append(what).append(" | ").append(value).append(" |\n");
    }

    private static String f0(Map<String, Double> n, String k) {
        return format(n, k, "%,.0f");
    }

    private static String f1(Map<String, Double> n, String k) {
        return format(n, k, "%,.1f");
    }

    private static String f2(Map<String, Double> n, String k) {
        return format(n, k, "%.2f");
    }

    private static String f3(Map<String, Double> n, String k) {
        return format(n, k, "%.3f");
    }

    /** A figure as the table shows it; a dash where the run had none. */
    private static String format(Map<String, Double> n, String k, String pattern) {
        Double v = n.get(k);
        return v == null || !Double.isFinite(v) ? "–" : String.format(Locale.ROOT, pattern, v);
    }
}
