/** Classification scores shared by the evaluator service and the quality report: accuracy, per-class F1, macro-F1. */
package io.streamtune.model.metrics;
