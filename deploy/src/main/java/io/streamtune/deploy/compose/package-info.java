/** docker-compose.yml and .env.example against the services' configuration. */
package io.streamtune.deploy.compose;
