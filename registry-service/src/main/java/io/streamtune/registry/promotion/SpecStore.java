package io.streamtune.registry.promotion;

import io.streamtune.contracts.EventJson;
import io.streamtune.contracts.ModelSpec;
import io.streamtune.contracts.Rules;
import io.streamtune.storage.ArtifactStore;
import io.streamtune.storage.ObjectStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Model specs, durable in the models bucket under {@code _specs/<name>.json} (a prefix no model name can take), so
 * every registry instance reads the same definitions at once; {@code streamtune.models} announces them to the
 * other services.
 */
public final class SpecStore {

    static final String PREFIX = "_specs/";

    private final ObjectStore objects;
    private final String bucket;

    public SpecStore(ArtifactStore store) {
        this.objects = store.objects();
        this.bucket = store.settings().modelsBucket();
    }

    /** Empty for an unknown model, and for a name no model can have. */
    public Optional<ModelSpec> find(String name) {
        if (name == null || !Rules.MODEL_NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return objects.find(bucket, key(name)).map(v -> EventJson.read(v.value(), ModelSpec.class));
    }

    /** Every spec, by name. */
    public List<ModelSpec> list() {
        List<ModelSpec> out = new ArrayList<>();
        for (String key : objects.list(bucket, PREFIX)) {
            if (key.endsWith(".json")) {
                objects.find(bucket, key).map(v -> EventJson.read(v.value(), ModelSpec.class)).ifPresent(out::add);
            }
        }
        out.sort(Comparator.comparing(ModelSpec::name));
        return out;
    }

    /** Creates or replaces a spec; true when it was new. */
    public boolean save(ModelSpec spec) {
        boolean existed = objects.exists(bucket, key(spec.name()));
        objects.put(bucket, key(spec.name()), EventJson.write(spec));
        return !existed;
    }

    private static String key(String name) {
        return PREFIX + name + ".json";
    }
}
