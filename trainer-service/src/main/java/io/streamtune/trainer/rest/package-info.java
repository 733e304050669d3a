/** HTTP: the loops' status and the Prometheus endpoint. */
package io.streamtune.trainer.rest;
