package io.streamtune.evaluator.evaluation;

import io.streamtune.contracts.ModelSpec;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The latest spec of each model, as read from the compacted {@code streamtune.models} topic. */
public final class ModelSpecs {

    private final Map<String, ModelSpec> specs = new ConcurrentHashMap<>();
    private final int defaultMinHeldout;

    public ModelSpecs(int defaultMinHeldout) {
        this.defaultMinHeldout = defaultMinHeldout;
    }

    public void put(ModelSpec spec) {
        specs.put(spec.name(), spec);
    }

    /** A tombstone on the compacted topic: the model was deleted. */
    public void remove(String model) {
        specs.remove(model);
    }

    public Optional<ModelSpec> find(String model) {
        return Optional.ofNullable(specs.get(model));
    }

    /** The spec's minimum held-out count, or the configured default while the spec is unknown. */
    public int minHeldout(String model) {
        return find(model).map(ModelSpec::minHeldout).orElse(defaultMinHeldout);
    }
}
