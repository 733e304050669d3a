package io.streamtune.trainer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This JVM's resident set size from /proc/self/status, sampled every 200 ms; its maximum is kept. */
final class RssSampler implements AutoCloseable {

    private final Thread thread;
    private volatile long max;
    private volatile boolean running = true;

    RssSampler() {
        thread = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** RSS now, in KiB. */
    long sample() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    max = Math.max(max, kb);
                    return kb;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: no figure
        }
        return -1;
    }

    long max() {
        return max;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
