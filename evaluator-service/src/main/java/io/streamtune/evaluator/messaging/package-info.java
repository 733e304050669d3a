/** Kafka in and out: held-out pattern, checkpoints, specs, evaluations, DLQ. */
package io.streamtune.evaluator.messaging;
