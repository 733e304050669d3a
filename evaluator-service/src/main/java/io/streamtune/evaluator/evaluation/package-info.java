/** Scoring checkpoints on frozen held-out snapshots: metrics, forgetting, champion comparison, idempotence. */
package io.streamtune.evaluator.evaluation;
