/** Labelled examples produced straight to Kafka: raw topics read, validated and routed exactly once. */
package io.streamtune.ingest.raw;
