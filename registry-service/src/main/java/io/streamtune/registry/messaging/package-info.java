/** Kafka: the evaluations consumed, promotions and specs published, poison records sent to the DLQ. */
package io.streamtune.registry.messaging;
