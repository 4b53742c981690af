package dev.eventgateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The machine a run measured: CPU, memory, kernel, JVM, and how loaded it was when the run began and ended. */
final class Machine {

    private Machine() {
    }

    static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name"));
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("memoryGiB", Math.round(kb(firstValue(Path.of("/proc/meminfo"), "MemTotal")) / 1024.0 / 1024.0 * 10)
                / 10.0);
        m.put("os", osName());
        m.put("kernel", read(Path.of("/proc/sys/kernel/osrelease")));
        m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("virtualization", firstValue(Path.of("/proc/cpuinfo"), "flags").contains("hypervisor")
                ? "virtual machine (hypervisor flag)" : "none detected");
        return m;
    }

    static String loadAverage() {
        String text = read(Path.of("/proc/loadavg"));
        String[] parts = text.split(" ");
        return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : text;
    }

    private static String osName() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring("PRETTY_NAME=".length()).replace("\"", "");
                }
            }
        } catch (IOException e) {
            // not every system has it
        }
        return System.getProperty("os.name");
    }

    private static String firstValue(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // reported as unknown
        }
        return "unknown";
    }

    private static double kb(String value) {
        try {
            return Double.parseDouble(value.replaceAll("[^0-9]", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
