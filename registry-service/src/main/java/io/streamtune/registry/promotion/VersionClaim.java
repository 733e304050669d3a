package io.streamtune.registry.promotion;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code <model>/version-claims/<n>.json}: version number {@code n} is reserved for this checkpoint, by the
 * evaluation that promotes it. Written only if absent, before any file is copied, so two instances promoting the
 * same checkpoint agree on one number, and two checkpoints never share one.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VersionClaim(int version, String checkpointId, String evaluationEventId) {
}
