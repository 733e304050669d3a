/** Readiness beyond what the extensions report. */
package io.streamtune.evaluator.health;
