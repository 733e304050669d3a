package io.streamtune.model.checkpoint;

import io.streamtune.model.train.OptimizerSettings;

/** {@code optimizer.json}: the step count and settings beside the moments. */
record OptimizerMetadata(long steps, OptimizerSettings settings) {}
