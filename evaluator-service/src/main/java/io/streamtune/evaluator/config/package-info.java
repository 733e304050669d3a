/** Typed configuration and the beans built from it. */
package io.streamtune.evaluator.config;
