package io.streamtune.deploy.config;

import java.util.Set;

/**
 * Environment variables a service container may carry that are not configuration keys: read by the JVM launcher,
 * by DJL / libtorch (only in a service that depends on the model module) or by the NVIDIA container runtime.
 */
public final class RuntimeEnv {

    /** Read by the java launcher or the C library. */
    static final Set<String> JVM = Set.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "JAVA_HOME", "PATH", "TZ",
            "LANG");

    /** Read by DJL (System.getenv or property), libtorch, OpenMP, the dynamic linker, the NVIDIA runtime. */
    static final Set<String> DJL = Set.of("DJL_CACHE_DIR", "ENGINE_CACHE_DIR", "OPT_OUT_TRACKING",
            "PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR", "PYTORCH_PRECXX11", "OMP_WAIT_POLICY",
            "OMP_NUM_THREADS", "LD_LIBRARY_PATH", "NVIDIA_VISIBLE_DEVICES", "NVIDIA_DRIVER_CAPABILITIES");

    /** Quarkus's own keys a deployment may set although no application.properties mentions them. */
    static final Set<String> FRAMEWORK_KEYS = Set.of("quarkus.profile", "quarkus.log.level",
            "quarkus.log.category.*.level", "quarkus.log.console.json.enabled");

    private RuntimeEnv() {
    }

    public static boolean allows(String name, boolean usesDjl) {
        return JVM.contains(name) || usesDjl && DJL.contains(name);
    }
}
