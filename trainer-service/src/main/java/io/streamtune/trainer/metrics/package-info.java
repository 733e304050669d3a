/** Prometheus metrics through Micrometer: examples/s, step time, loss, lag, replay buffer, checkpoint age. */
package io.streamtune.trainer.metrics;
