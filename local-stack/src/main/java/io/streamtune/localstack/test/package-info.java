/**
 * Real servers for tests: {@link io.streamtune.localstack.test.RealServers} (a Kafka broker and an S3 server per JVM),
 * the JUnit extension and the Quarkus test resource over it. Use local-stack as a test-scoped dependency.
 */
package io.streamtune.localstack.test;
