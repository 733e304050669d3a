/** The BERT encoder as DJL blocks: embeddings, transformer layers, mean pooling. */
package io.streamtune.model.encoder;
