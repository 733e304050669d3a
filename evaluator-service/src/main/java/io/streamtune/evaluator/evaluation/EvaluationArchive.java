package io.streamtune.evaluator.evaluation;

import io.streamtune.contracts.CheckpointEvaluated;
import io.streamtune.contracts.EventJson;
import io.streamtune.storage.ObjectStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the evaluator has decided, in S3 (evaluator bucket), so a restart or a re-delivered event gets the same
 * answer:
 * <pre>
 * &lt;lineage&gt;/evaluations/&lt;checkpointId&gt;.json   the CheckpointEvaluated as published
 * &lt;lineage&gt;/forgetting.json                    the best-ever accuracy per time slice
 * </pre>
 * A lineage is the model's name for its primary variant and {@code <model>.<variant>} for a challenger
 * ({@link io.streamtune.contracts.Variant#lineage}): each variant has its own results and forgetting.
 */
public final class EvaluationArchive {

    private final ObjectStore objects;
    private final String bucket;
    private final Map<String, ForgettingLedger> ledgers = new ConcurrentHashMap<>();

    public EvaluationArchive(ObjectStore objects, String bucket) {
        this.objects = objects;
        this.bucket = bucket;
    }

    /** @param lineage the checkpoint's lineage ({@link io.streamtune.contracts.Variant#lineage}) */
    public Optional<CheckpointEvaluated> find(String lineage, String checkpointId) {
        return objects.find(bucket, resultKey(lineage, checkpointId))
                .map(v -> EventJson.read(v.value(), CheckpointEvaluated.class));
    }

    public void save(CheckpointEvaluated result) {
        objects.put(bucket, resultKey(io.streamtune.contracts.Variant.lineage(result.model(), result.variant()),
                result.checkpointId()), EventJson.write(result));
    }

    public ForgettingLedger ledger(String model) {
        return ledgers.computeIfAbsent(model, m -> objects.find(bucket, ledgerKey(m))
                .map(v -> EventJson.read(v.value(), ForgettingLedger.class)).orElseGet(ForgettingLedger::empty));
    }

    public void saveLedger(String model, ForgettingLedger ledger) {
        objects.put(bucket, ledgerKey(model), EventJson.write(ledger));
        ledgers.put(model, ledger);
    }

    static String resultKey(String model, String checkpointId) {
        return model + "/evaluations/" + checkpointId + ".json";
    }

    static String ledgerKey(String model) {
        return model + "/forgetting.json";
    }
}
