package io.streamtune.kit.security;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a service looks up the key a caller presented: each service holds its keys as SHA-256 digests (ingest's API
 * keys, the registry's admin key) and answers with the principal the key stands for. One bean per service.
 */
public interface KeyDirectory {

    /** The principal of a key, its roles and what the service needs to know of it (e.g. the models it may write). */
    record KeyPrincipal(String name, Set<String> roles, Map<String, Object> attributes) {

        public KeyPrincipal {
            roles = Set.copyOf(roles);
            attributes = Map.copyOf(attributes);
        }
    }

    /** The principal whose key this is; empty for an unknown key. Compares in constant time, never logs the key. */
    Optional<KeyPrincipal> lookup(String presentedKey);
}
