package io.streamtune.storage;

/**
 * A trainer's hold on a model's checkpoint head is gone: another trainer claimed the model (a newer generation).
 * Its checkpoint was not made visible, and it must stop training the model; retrying cannot succeed.
 */
public class FencedException extends ConflictException {

    private final long heldGeneration;
    private final long currentGeneration;
    private final String currentOwner;

    public FencedException(String message, long heldGeneration, long currentGeneration, String currentOwner) {
        super(message);
        this.heldGeneration = heldGeneration;
        this.currentGeneration = currentGeneration;
        this.currentOwner = currentOwner;
    }

    public long heldGeneration() {
        return heldGeneration;
    }

    public long currentGeneration() {
        return currentGeneration;
    }

    public String currentOwner() {
        return currentOwner;
    }
}
