package io.streamtune.model;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Where the network runs: the GPU when one is present ({@link #AUTO}), or forced. */
public enum DeviceChoice {
    AUTO,
    CPU,
    GPU;

    /** Parses {@code auto}, {@code cpu} or {@code gpu}, case-insensitive. */
    public static DeviceChoice parse(String value) {
        for (DeviceChoice choice : values()) {
            if (choice.name().equalsIgnoreCase(value.trim())) {
                return choice;
            }
        }
        throw new IllegalArgumentException(
                "device must be one of auto, cpu, gpu but was '" + value + "'.");
    }

    /** Resolves the choice against the engine; GPU without one fails rather than falling back. */
    public Device resolve() {
        ModelRuntime.init();
        int gpus = Engine.getInstance().getGpuCount();
        return switch (this) {
            case CPU -> Device.cpu();
            case AUTO -> gpus > 0 ? Device.gpu() : Device.cpu();
            case GPU -> {
                if (gpus == 0) {
                    throw new IllegalStateException(
                            "device=gpu was asked for but the PyTorch engine sees no GPU; see"
                                    + " model/README.md for the CUDA route.");
                }
                yield Device.gpu();
            }
        };
    }
}
