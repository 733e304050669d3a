/** The services' Dockerfiles: pinned bases, the Quarkus layout, non-root, health check, DJL and CUDA settings. */
package io.streamtune.deploy.docker;
