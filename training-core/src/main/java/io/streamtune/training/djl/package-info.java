/** The learner on the model module: MiniLM as DJL blocks on PyTorch, CPU or GPU. */
package io.streamtune.training.djl;
