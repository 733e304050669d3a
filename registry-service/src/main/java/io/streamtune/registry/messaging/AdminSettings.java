package io.streamtune.registry.messaging;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** An admin client's settings out of the common {@code kafka.*} ones (credentials included, consumer keys left out). */
final class AdminSettings {

    private AdminSettings() {
    }

    static Map<String, Object> of(Map<String, Object> kafka, String clientId) {
        Map<String, Object> admin = new HashMap<>();
        kafka.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                admin.put(k, v);
            }
        });
        if (clientId != null) {
            admin.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        }
        return admin;
    }
}
