/** The read-only HTTP API: held-out sets, recorded evaluations, the evaluation in progress. */
package io.streamtune.evaluator.rest;
