/** Encoder + classification head: fine-tune modes, inference, the frozen-prefix cache, new labels. */
package io.streamtune.model.classifier;
