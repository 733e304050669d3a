/** Typed configuration and the beans built from it (the artifact store, the JSON mapper). */
package io.streamtune.registry.config;
