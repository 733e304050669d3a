package io.streamtune.model.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** One line about the machine a benchmark ran on. */
final class Machine {

    private Machine() {}

    /** The 1-minute load average, or "?" where /proc is absent. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    static String describe() throws Exception {
        String cpu = "unknown CPU";
        Path info = Path.of("/proc/cpuinfo");
        if (Files.exists(info)) {
            for (String line : Files.readAllLines(info)) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        }
        long memGb = Runtime.getRuntime().maxMemory() / (1L << 30);
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                + ", Java " + System.getProperty("java.version") + " (-Xmx" + memGb + "g)";
    }
}
