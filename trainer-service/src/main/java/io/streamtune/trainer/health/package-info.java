/** Readiness (every model loaded) and liveness (the training thread turns, consumers poll). */
package io.streamtune.trainer.health;
