package io.streamtune.registry.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/** A default instance name: the host name (the pod's name on Kubernetes), or a random one. */
final class InstanceName {

    private static final String HOST = resolve();

    private InstanceName() {
    }

    static String host() {
        return HOST;
    }

    private static String resolve() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "registry-" + UUID.randomUUID().toString().substring(0, 8);
        }
    }
}
