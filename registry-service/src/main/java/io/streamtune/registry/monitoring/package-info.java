/** What the dashboard shows of the evaluator's monitoring: the newest report per model. */
package io.streamtune.registry.monitoring;
