package io.streamtune.localstack;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;

/**
 * Main class of a child JVM that must not outlive the JVM that started it, even when that one is killed with -9:
 * {@code ParentWatchdog <parentPid> <mainClass> [args...]} halts as soon as the parent is gone, and otherwise runs
 * {@code mainClass}. It uses the JDK only and no nested classes, so its one class file is its whole classpath.
 */
public final class ParentWatchdog {

    private static final long POLL_MILLIS = 300;

    private ParentWatchdog() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            throw new IllegalArgumentException("Usage: ParentWatchdog <parentPid> <mainClass> [args...]");
        }
        Optional<ProcessHandle> parent = ProcessHandle.of(Long.parseLong(args[0]));
        if (parent.isEmpty() || !parent.get().isAlive()) {
            Runtime.getRuntime().halt(1);
        }
        Thread watchdog = new Thread(() -> haltWhenGone(parent.get()), "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();

        Method main = Class.forName(args[1]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    // Polling, not onExit(): for a process that is not our child the JDK polls too, with back-off up to 5 s.
    private static void haltWhenGone(ProcessHandle parent) {
        while (parent.isAlive()) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                // nothing interrupts this thread on purpose; keep watching
            }
        }
        Runtime.getRuntime().halt(1);
    }
}
