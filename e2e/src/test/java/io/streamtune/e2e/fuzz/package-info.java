/** FuzzIT's generators of bad requests to ingest and the registry (jqwik), their sender, tallies and report. */
package io.streamtune.e2e.fuzz;
