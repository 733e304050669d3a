/** Readiness beyond what the extensions check (Kafka): the object store. */
package io.streamtune.registry.health;
