package io.streamtune.registry.rest;

/** {@code POST .../quarantines/{source}/release} or {@code /drop}: why. */
public record QuarantineRequest(String reason) {
}
