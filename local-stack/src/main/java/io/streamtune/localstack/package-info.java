/** A real Kafka broker (KRaft) and a real S3-compatible server (S3Proxy) as child JVMs on 127.0.0.1. */
package io.streamtune.localstack;
