package io.streamtune.client;

/**
 * A champion state or move from the registry's event stream ({@code GET /api/v1/models/{model}/events}).
 *
 * @param kind            {@link Kind#CHAMPION} for the state the server sends on every connect, otherwise the move
 * @param model           the model's name
 * @param version         the champion's version after the event; null when the model has no champion yet
 * @param checkpointId    the champion's checkpoint; null with {@code version}
 * @param previousVersion the champion before a move; null for a state or a first promotion
 * @param generation      the registry's counter of champion moves: a listener sees each generation at most once, in
 *                        increasing order
 * @param eventId         the SSE id ({@code Last-Event-ID} on reconnect); null where the server sent none
 */
public record ChampionEvent(Kind kind, String model, Integer version, String checkpointId, Integer previousVersion,
        long generation, String eventId) {

    /** What the server said. */
    public enum Kind {
        /** The current state, sent first on every connection. */
        CHAMPION,
        /** A candidate passed the gates and became champion. */
        PROMOTION,
        /** An operator rolled the champion back to an earlier version. */
        ROLLBACK
    }

    /** Whether the model has a champion after this event. */
    public boolean hasChampion() {
        return version != null;
    }

    /** The champion after this event; only when {@link #hasChampion()}. */
    public ModelVersion modelVersion() {
        if (version == null) {
            throw new IllegalStateException(model + " has no champion at generation " + generation);
        }
        return new ModelVersion(model, version, checkpointId);
    }
}
