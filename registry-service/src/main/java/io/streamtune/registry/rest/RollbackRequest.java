package io.streamtune.registry.rest;

/** {@code POST /api/v1/models/{name}/rollback}: the version to make champion again, and why. */
public record RollbackRequest(Integer version, String reason) {
}
