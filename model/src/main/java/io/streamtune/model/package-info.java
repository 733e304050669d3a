/** The pretrained MiniLM encoder as trainable DJL blocks, shared by the trainer and the evaluator. */
package io.streamtune.model;
