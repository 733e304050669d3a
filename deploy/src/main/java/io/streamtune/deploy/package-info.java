/** Checks of the deployment files (k8s/, docker-compose.yml, the services' Dockerfiles) against the services' code. */
package io.streamtune.deploy;
