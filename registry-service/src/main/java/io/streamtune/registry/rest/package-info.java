/** The HTTP API apps and admins use: models, champion, versions, downloads, decisions, events, rollback. */
package io.streamtune.registry.rest;
