/** The held-out set per model: class x time-slice reservoir, snapshots in S3, topic offsets. */
package io.streamtune.evaluator.heldout;
