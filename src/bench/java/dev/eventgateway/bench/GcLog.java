package dev.eventgateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a server's {@code -Xlog:gc} file: each collection's line shows the heap occupied before and after it
 * ({@code 250M->120M(512M)}), so the largest "before" is the fullest the heap got.
 */
final class GcLog {

    private static final Pattern HEAP = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    private GcLog() {
    }

    /** The largest heap occupancy before a collection, in MB; 0 when the log is missing or has no collection. */
    static double peakHeapMb(Path log) {
        if (!Files.exists(log)) {
            return 0;
        }
        double peak = 0;
        try {
            for (String line : Files.readAllLines(log)) {
                Matcher m = HEAP.matcher(line);
                if (m.find()) {
                    peak = Math.max(peak, megabytes(Long.parseLong(m.group(1)), m.group(2)));
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return peak;
    }

    private static double megabytes(long value, String unit) {
        return switch (unit) {
            case "K" -> value / 1024.0;
            case "G" -> value * 1024.0;
            default -> value;
        };
    }
}
