/** Replay buffers against catastrophic forgetting: reservoir, class-balanced reservoir, DER++. */
package io.streamtune.training.replay;
