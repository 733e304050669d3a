/** The trainer pool: which replica trains which model, through Kafka's consumer-group protocol. */
package io.streamtune.trainer.pool;
