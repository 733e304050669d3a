/** Prequential monitoring: the champion and the version it replaced, scored on held-out examples as they arrive. */
package io.streamtune.evaluator.monitoring;
