/** Micrometer meters shown on /q/metrics. */
package io.streamtune.evaluator.metrics;
