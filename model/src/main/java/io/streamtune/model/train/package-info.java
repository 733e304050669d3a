/** Training steps: examples, the loss (DER++-ready), AdamW with exact, savable state. */
package io.streamtune.model.train;
