package dev.eventgateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time and memory of a process from {@code /proc/<pid>/stat} and {@code /proc/<pid>/status}: what the kernel
 * charged it, whatever the JVM inside thinks. Linux only, as the benchmark is.
 */
public final class ProcStats {

    /** Clock ticks per second of /proc's CPU times; 100 on every Linux this runs on (USER_HZ). */
    private static final double TICKS_PER_SECOND = ticksPerSecond();

    /**
     * @param cpuSeconds user + system CPU time so far
     * @param rssKb      resident set now
     * @param hwmKb      peak resident set so far (VmHWM)
     */
    public record Sample(double cpuSeconds, long rssKb, long hwmKb) {
        public static final Sample NONE = new Sample(0, 0, 0);
    }

    private ProcStats() {
    }

    /** The process's sample, or {@link Sample#NONE} when it is gone. */
    public static Sample of(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may hold spaces: count fields after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            long rss = 0;
            long hwm = 0;
            List<String> status = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
            for (String line : status) {
                if (line.startsWith("VmRSS:")) {
                    rss = kilobytes(line);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kilobytes(line);
                }
            }
            return new Sample(ticks / TICKS_PER_SECOND, rss, hwm);
        } catch (IOException | RuntimeException e) {
            return Sample.NONE;
        }
    }

    /** CPU seconds of a process and all its descendants alive now (PostgreSQL: postmaster and backends). */
    public static double treeCpuSeconds(long pid) {
        double total = of(pid).cpuSeconds();
        for (ProcessHandle child : ProcessHandle.of(pid).map(h -> h.descendants().toList()).orElse(List.of())) {
            total += of(child.pid()).cpuSeconds();
        }
        return total;
    }

    /** CPU seconds of each thread of the process, by thread name (digits folded: GC and compiler threads too). */
    public static Map<String, Double> threadCpuSeconds(long pid) {
        Map<String, Double> out = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("\\d+", "N");
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
                    out.merge(name, seconds, Double::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** CPU seconds the whole machine spent busy so far (all CPUs; from the first line of /proc/stat). */
    public static double machineBusySeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(f[i]);
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long kilobytes(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    private static double ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Double.parseDouble(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
