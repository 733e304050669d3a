/** The four services as real processes next to a Kafka broker and an S3 server, and clients for their APIs. */
package io.streamtune.e2e.stack;
