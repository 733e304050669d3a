/** Kafka: the plain consumer of a model's train topic, the spec reader, dead letters and checkpoint events. */
package io.streamtune.trainer.messaging;
