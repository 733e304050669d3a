/** The training loop: micro-batches, replay, learner steps, checkpoints with exactly-once positions. */
package io.streamtune.training;
