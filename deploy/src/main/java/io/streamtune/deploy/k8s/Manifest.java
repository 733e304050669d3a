package io.streamtune.deploy.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;

/**
 * One object of a manifest file: a built-in kind parsed into the fabric8 model, or a custom resource (Strimzi) kept
 * as its raw tree.
 *
 * @param origin the file (and document number) it came from
 * @param apiVersion its apiVersion
 * @param kind its kind
 * @param name its metadata.name
 * @param typed the fabric8 object, or null for a custom resource
 * @param raw the object as read
 */
public record Manifest(String origin, String apiVersion, String kind, String name, HasMetadata typed,
        Map<String, Object> raw) {

    public String where() {
        return origin + " (" + kind + " " + name + ")";
    }

    public <T extends HasMetadata> T as(Class<T> type) {
        return type.isInstance(typed) ? type.cast(typed) : null;
    }
}
