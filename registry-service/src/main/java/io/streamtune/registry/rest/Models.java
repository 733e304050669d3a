package io.streamtune.registry.rest;

import io.streamtune.contracts.ModelSpec;
import io.streamtune.registry.promotion.SpecStore;
import io.streamtune.storage.NotFoundException;

/** The 404 every per-model endpoint gives for a model without a spec. */
final class Models {

    private Models() {
    }

    static ModelSpec spec(SpecStore specs, String name) {
        return specs.find(name).orElseThrow(() -> new NotFoundException("Model " + name + " does not exist."));
    }
}
