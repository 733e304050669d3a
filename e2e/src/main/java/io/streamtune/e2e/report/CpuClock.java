package io.streamtune.e2e.report;

import java.lang.management.ManagementFactory;

/**
 * CPU time of this whole process (every thread, libtorch's native ones included), and wall time: what a phase of the
 * report cost. The process runs one phase at a time, so the difference between two readings is that phase's cost.
 */
public final class CpuClock {

    private final long cpuNanos;
    private final long wallNanos;

    private CpuClock(long cpuNanos, long wallNanos) {
        this.cpuNanos = cpuNanos;
        this.wallNanos = wallNanos;
    }

    static CpuClock start() {
        return new CpuClock(processCpuNanos(), System.nanoTime());
    }

    double cpuSeconds() {
        return (processCpuNanos() - cpuNanos) / 1e9;
    }

    double wallSeconds() {
        return (System.nanoTime() - wallNanos) / 1e9;
    }

    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos()).orElse(0L);
    }

    /** The 1-minute load average of the machine (other processes included), or -1 where unknown. */
    public static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
