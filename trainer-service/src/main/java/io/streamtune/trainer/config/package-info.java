/** Typed configuration: the trainer's own keys and the object store's. */
package io.streamtune.trainer.config;
