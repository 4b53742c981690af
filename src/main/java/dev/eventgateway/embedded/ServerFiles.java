package dev.eventgateway.embedded;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The files a server keeps in its directory: pid files, logs (their ends go into start-up failures), trees to
 * remove; and how long a step took, for the log lines.
 */
final class ServerFiles {

    private ServerFiles() {
    }

    /** Reads a pid written as the first line of a file; empty when the file is missing or not a pid. */
    static OptionalLong readPid(Path file) {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.findFirst().map(String::trim).filter(s -> s.matches("\\d{1,10}"))
                    .map(s -> OptionalLong.of(Long.parseLong(s))).orElse(OptionalLong.empty());
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** The last {@code maxLines} lines of a text file (at most its last 64 KiB), or a note that there is none. */
    static String tail(Path file, int maxLines) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int size = (int) Math.min(length, 64 * 1024);
            byte[] buffer = new byte[size];
            raf.seek(length - size);
            raf.readFully(buffer);
            String[] lines = new String(buffer, StandardCharsets.UTF_8).split("\r?\n");
            int from = Math.max(0, lines.length - maxLines);
            return String.join(System.lineSeparator(), List.of(lines).subList(from, lines.length));
        } catch (IOException e) {
            return "(no log at " + file + ")";
        }
    }

    /**
     * What was appended to a file since it had {@code offset} bytes (all of it if it has shrunk, as a rolled log
     * does), at most the last 256 KiB; empty when there is no file.
     */
    static String textSince(Path file, long offset) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long from = offset <= length ? offset : 0;
            from = Math.max(from, length - 256 * 1024);
            byte[] buffer = new byte[(int) (length - from)];
            raf.seek(from);
            raf.readFully(buffer);
            return new String(buffer, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The end of a log, headed by its name, for an error message: {@code "\n--- FILE (end) ---\nLINES"}. */
    static String tailSection(Path file, int maxLines) {
        return System.lineSeparator() + "--- " + file + " (end) ---" + System.lineSeparator() + tail(file, maxLines);
    }

    /** Deletes a directory tree (or file); nothing when it does not exist. Does not follow symlinks. */
    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Whether {@code candidate} names the same file as {@code expected}, tolerating symlinks and missing files. */
    static boolean samePath(Path candidate, Path expected) {
        Path a = candidate.toAbsolutePath().normalize();
        Path b = expected.toAbsolutePath().normalize();
        if (a.equals(b)) {
            return true;
        }
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** Milliseconds elapsed since a {@link System#nanoTime()} reading. */
    static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }
}
