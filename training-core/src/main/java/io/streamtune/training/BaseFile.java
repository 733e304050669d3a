package io.streamtune.training;

import java.nio.file.Path;

/**
 * The pretrained weights a learner's delta checkpoints refer to: a local file whose bytes hash to {@code sha256}.
 * A checkpoint that refers to it becomes visible only after the store holds it.
 */
public record BaseFile(String sha256, Path file) {}
