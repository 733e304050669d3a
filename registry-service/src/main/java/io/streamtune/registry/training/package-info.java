/** The trainer pool's live state per model, derived from its {@code CheckpointCreated} events (no trainer address). */
package io.streamtune.registry.training;
