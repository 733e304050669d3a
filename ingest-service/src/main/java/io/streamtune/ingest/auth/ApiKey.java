package io.streamtune.ingest.auth;

import java.util.Set;

/** An authenticated caller: the key's configured name (the examples' {@code source}) and what it may write. */
public record ApiKey(String name, Set<String> models) {

    public static final String ANY_MODEL = "*";

    public ApiKey {
        models = Set.copyOf(models);
    }

    public boolean mayWrite(String model) {
        return models.contains(ANY_MODEL) || models.contains(model);
    }
}
