package io.streamtune.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Process-wide DJL settings, applied before the engine loads: offline, caches outside the home
 * folder, PyTorch as the engine. Every entry point of this module calls {@link #init()} first.
 */
public final class ModelRuntime {

    /** System property (or environment variable) naming the DJL cache folder. */
    public static final String CACHE_DIR_PROPERTY = "streamtune.djl.cache";

    private static final ReentrantLock TRAINING_LOCK = new ReentrantLock();
    private static volatile boolean initialised;

    private ModelRuntime() {}

    /** Sets the DJL system properties that are not already set; idempotent. */
    public static synchronized void init() {
        if (initialised) {
            return;
        }
        String cache = System.getProperty(CACHE_DIR_PROPERTY, System.getenv("STREAMTUNE_DJL_CACHE"));
        if (cache == null) {
            cache = Path.of(System.getProperty("java.io.tmpdir"), "streamtune-djl").toString();
        }
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("DJL_CACHE_DIR", cache);
        setIfAbsent("ENGINE_CACHE_DIR", cache);
        setIfAbsent("OPT_OUT_TRACKING", "true");
        // the tokenizers jar registers engines of its own
        setIfAbsent("ai.djl.default_engine", "PyTorch");
        initialised = true;
    }

    /** The PyTorch engine, loaded with the settings above. */
    public static Engine engine() {
        init();
        return Engine.getEngine("PyTorch");
    }

    /** Turns autograd off for the calling thread: libtorch keeps grad mode per thread. */
    public static void noGradOnThisThread() {
        engine();
        JniUtils.setGradMode(false);
    }

    /**
     * The gradient collector is a JVM-wide singleton, so one training step runs at a time per
     * JVM; steps take this lock.
     */
    public static ReentrantLock trainingLock() {
        return TRAINING_LOCK;
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null && System.getenv(key) == null) {
            System.setProperty(key, value);
        }
    }
}
