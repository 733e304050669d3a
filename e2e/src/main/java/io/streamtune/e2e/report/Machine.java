package io.streamtune.e2e.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The machine a run measured: cores, CPU model, whether a GPU was used, and how busy the machine was. */
record Machine(int cores, String cpu, double loadAtStart) {

    static Machine now() {
        return new Machine(Runtime.getRuntime().availableProcessors(), cpuModel(), CpuClock.loadAverage());
    }

    String describe() {
        return String.format(Locale.ROOT, "%d-core CPU (%s), no GPU, load average %.1f at start", cores, cpu,
                loadAtStart);
    }

    Map<String, Double> numbers(boolean quick) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("quick", quick ? 1.0 : 0.0);
        out.put("cpu_cores", (double) cores);
        out.put("gpus", 0.0);
        out.put("batch_size", (double) SpamExperiment.BATCH);
        out.put("seq_len", (double) SpamExperiment.SEQ);
        out.put("load_average_start", loadAtStart);
        return out;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the core count still says enough
        }
        return "unknown model";
    }
}
