package io.streamtune.training;

import java.lang.management.ManagementFactory;

/**
 * The JVM process' CPU time. A training step's cost is measured on it rather than on the training thread's own clock:
 * libtorch runs a step's matrix products on its intra-op threads, which the calling thread's CPU time would miss.
 * Other threads' work during a step (the consumer, HTTP) is counted too; on a trainer it is small beside the step.
 * The clock has the kernel's tick as its resolution (10 ms on Linux): a sub-millisecond step (the linear family's)
 * reads 0 or a tick, which adds up to its true cost over many steps.
 */
final class ProcessCpu {

    private static final java.lang.management.OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();

    private ProcessCpu() {
    }

    /** Nanoseconds of CPU used by the process so far (the thread's own where the JVM cannot tell). */
    static long nanos() {
        if (OS instanceof com.sun.management.OperatingSystemMXBean os) {
            long t = os.getProcessCpuTime();
            if (t >= 0) {
                return t;
            }
        }
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
