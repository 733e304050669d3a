/** trainer-service: one continual fine-tuning loop per model, from Kafka to checkpoints in S3. */
package io.streamtune.trainer;
