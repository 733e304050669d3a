package io.streamtune.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What training a lineage has cost so far, carried on every checkpoint: the process CPU time spent in its training
 * steps (libtorch's intra-op threads included, which a thread's own CPU clock would miss) and GPU time where a GPU
 * trains, over the examples trained, summed across restarts from the checkpoints. The registry's cost-aware gate and
 * the dashboard read {@link #cpuSecondsPer1000()}.
 *
 * @param cpuSeconds CPU seconds spent in training steps
 * @param gpuSeconds GPU seconds (0 on a CPU-only trainer)
 * @param examples new examples trained (replayed rows are part of the cost, not of the count)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainingCost(double cpuSeconds, double gpuSeconds, long examples) {

    public static final TrainingCost NONE = new TrainingCost(0, 0, 0);

    public TrainingCost {
        if (!(cpuSeconds >= 0) || !(gpuSeconds >= 0) || examples < 0) {
            throw new ContractViolationException("cost", "must be non-negative, got cpuSeconds " + cpuSeconds
                    + ", gpuSeconds " + gpuSeconds + ", examples " + examples);
        }
    }

    /** CPU seconds per 1,000 examples trained; 0 before the first example. */
    @JsonProperty("cpuSecondsPer1000")
    public double cpuSecondsPer1000() {
        return examples == 0 ? 0 : cpuSeconds * 1000.0 / examples;
    }

    /** GPU seconds per 1,000 examples trained; 0 before the first example or without a GPU. */
    @JsonProperty("gpuSecondsPer1000")
    public double gpuSecondsPer1000() {
        return examples == 0 ? 0 : gpuSeconds * 1000.0 / examples;
    }

    public TrainingCost plus(double cpu, double gpu, long trained) {
        return new TrainingCost(cpuSeconds + cpu, gpuSeconds + gpu, examples + trained);
    }

    /** The cost of an event written before costs existed (null): unknown, counted as none. */
    public static TrainingCost orNone(TrainingCost cost) {
        return cost == null ? NONE : cost;
    }
}
