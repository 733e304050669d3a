/** Checkpoints as a directory of files: weights, optimizer state, label map, tokenizer, settings. */
package io.streamtune.model.checkpoint;
