package io.streamtune.e2e.demo;

import io.streamtune.contracts.CheckpointCreated;
import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.contracts.ModelPromoted;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The speed of one demo run through the four services, from what the run saw: when ingest answered 2xx for each
 * training email and where Kafka put it, the checkpoints, evaluations and promotions the pipeline announced, and the
 * trainer's own step time. Freshness of an email = the promotion of the first champion whose checkpoint covers its
 * offset, minus the moment its 2xx arrived.
 */
final class PipelineFigures {

    /** A training email as ingest acknowledged it: its place in the train topic and when the 2xx arrived. */
    record Acked(int partition, long offset, Instant at) {
    }

    /** What the trainer reported at the start of the stream and at its end. */
    record TrainerTimes(long examplesBefore, long examplesAfter, long stepNanosBefore, long stepNanosAfter) {

        long examples() {
            return examplesAfter - examplesBefore;
        }

        /** Training emails per second of step time in between: the trainer's capacity; NaN without a step. */
        double examplesPerStepSecond() {
            double stepSeconds = (stepNanosAfter - stepNanosBefore) / 1e9;
            return stepSeconds > 0 ? examples() / stepSeconds : Double.NaN;
        }
    }

    /**
     * The paced part of a {@code --rate} run.
     *
     * @param targetPerSecond the rate asked for (or chosen by {@code --rate auto})
     * @param emails emails ingest accepted at the rate (train and held out)
     * @param train of those, the training emails
     * @param seconds from the schedule's start to the last 2xx
     * @param trainer the trainer at the start of the paced part and once it had checkpointed all of it
     * @param warmupCapacity training emails per second of step time during the warm-up (all at once)
     */
    record Sustained(double targetPerSecond, long emails, long train, double seconds, TrainerTimes trainer,
            double warmupCapacity) {
    }

    private PipelineFigures() {
    }

    /**
     * @param sendStart when the first batch went out
     * @param sendSeconds wall time of the whole send, all batches
     * @param accepted emails ingest accepted in this run (train and held out)
     * @param referenceRecordsPerSecond Kafka's own producer, same records and batches, same broker, same run
     */
    static Map<String, Double> compute(List<Acked> acked, Instant sendStart, double sendSeconds, long accepted,
            double referenceRecordsPerSecond, TrainerTimes trainer, List<CheckpointCreated> checkpoints,
            List<CheckpointEvaluated> evaluations, List<ModelPromoted> promotions) {
        Map<String, Double> out = new LinkedHashMap<>();
        double ingestRate = sendSeconds > 0 ? accepted / sendSeconds : Double.NaN;
        out.put("ingest_examples", (double) accepted);
        out.put("ingest_examples_per_s", ingestRate);
        out.put("reference_producer_records_per_s", referenceRecordsPerSecond);
        out.put("ingest_over_producer", ingestRate / referenceRecordsPerSecond);

        List<CheckpointCreated> run = checkpoints.stream().filter(c -> !c.occurredAt().isBefore(sendStart))
                .sorted(Comparator.comparing(CheckpointCreated::occurredAt)).toList();
        long trained = trainer.examples();
        out.put("trainer_examples", (double) trained);
        out.put("trainer_examples_per_step_s", trainer.examplesPerStepSecond());
        if (!run.isEmpty()) {
            double span = seconds(sendStart, run.get(run.size() - 1).occurredAt());
            out.put("trainer_examples_per_s_end_to_end", span > 0 ? trained / span : Double.NaN);
        }
        out.put("checkpoints", (double) run.size());

        Map<String, CheckpointCreated> byId = new HashMap<>();
        checkpoints.forEach(c -> byId.put(c.checkpointId(), c));
        List<Double> evalSeconds = new ArrayList<>();
        for (CheckpointEvaluated e : evaluations) {
            CheckpointCreated c = byId.get(e.checkpointId());
            if (c != null && e.status() == CheckpointEvaluated.Status.EVALUATED && !c.occurredAt().isBefore(sendStart)) {
                evalSeconds.add(seconds(c.occurredAt(), e.occurredAt()));
            }
        }
        out.put("evaluations", (double) evalSeconds.size());
        out.put("evaluation_s_p50", percentile(evalSeconds, 0.50));
        out.put("evaluation_s_max", percentile(evalSeconds, 1.0));

        List<ModelPromoted> promoted = promotedInOrder(promotions, byId);
        List<Double> freshness = freshness(acked, promoted, byId);
        out.put("promotions", (double) promoted.stream().filter(p -> !p.occurredAt().isBefore(sendStart)).count());
        out.put("freshness_examples", (double) freshness.size());
        out.put("freshness_examples_not_promoted", (double) (acked.size() - freshness.size()));
        out.put("freshness_s_p50", percentile(freshness, 0.50));
        out.put("freshness_s_p95", percentile(freshness, 0.95));
        return out;
    }

    /**
     * Arrival against capacity in a {@code --rate} run. Arrival is what reached the trainer: training emails per
     * second over the paced part (all emails per second beside it, the rate {@code --rate} sets). Capacity is the
     * trainer's own measure over the same part: training emails per second of step time. Their ratio is the share
     * of the time the trainer spends stepping, its utilisation.
     */
    static Map<String, Double> sustained(Sustained s) {
        Map<String, Double> out = new LinkedHashMap<>();
        double arrival = s.seconds() > 0 ? s.emails() / s.seconds() : Double.NaN;
        double arrivalTrain = s.seconds() > 0 ? s.train() / s.seconds() : Double.NaN;
        double capacity = s.trainer().examplesPerStepSecond();
        out.put("arrival_rate_target_per_s", s.targetPerSecond());
        out.put("arrival_emails", (double) s.emails());
        out.put("arrival_rate_per_s", arrival);
        out.put("arrival_train_per_s", arrivalTrain);
        out.put("trainer_capacity_examples_per_s", capacity);
        out.put("trainer_capacity_warmup_examples_per_s", s.warmupCapacity());
        out.put("arrival_over_capacity", arrivalTrain / capacity);
        return out;
    }

    /** The promotions (not rollbacks) of the given checkpoints, oldest first. */
    private static List<ModelPromoted> promotedInOrder(List<ModelPromoted> promotions,
            Map<String, CheckpointCreated> checkpoints) {
        return promotions.stream().filter(p -> p.kind() == ModelPromoted.Kind.PROMOTION)
                .filter(p -> checkpoints.containsKey(p.checkpointId()))
                .sorted(Comparator.comparing(ModelPromoted::occurredAt)).toList();
    }

    /** How many of the acknowledged emails no promotion of these checkpoints covers yet. */
    static long notPromoted(List<Acked> acked, List<CheckpointCreated> checkpoints, List<ModelPromoted> promotions) {
        Map<String, CheckpointCreated> byId = new HashMap<>();
        checkpoints.forEach(c -> byId.put(c.checkpointId(), c));
        return acked.size() - freshness(acked, promotedInOrder(promotions, byId), byId).size();
    }

    /** Per acknowledged email that a promoted checkpoint covers: seconds from its 2xx to that promotion. */
    static List<Double> freshness(List<Acked> acked, List<ModelPromoted> promotedInOrder,
            Map<String, CheckpointCreated> checkpoints) {
        List<Double> out = new ArrayList<>();
        for (Acked a : acked) {
            for (ModelPromoted p : promotedInOrder) {
                long next = checkpoints.get(p.checkpointId()).offsets().getOrDefault(a.partition(), 0L);
                if (next > a.offset() && !p.occurredAt().isBefore(a.at())) {
                    out.add(seconds(a.at(), p.occurredAt()));
                    break;
                }
            }
        }
        return out;
    }

    /** The nearest-rank percentile; NaN for no values. */
    static double percentile(List<Double> values, double q) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        int rank = (int) Math.ceil(q * v.length);
        return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }
}
