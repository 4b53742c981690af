package dev.eventgateway.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The start sequence both embedded servers share: the server's directory under the data directory, the
 * {@link OwnerLock} on it (kept by the started server, which lets it go on close; let go again here when the start
 * fails in any way), and one kind of failure, {@link EmbeddedServerException}, carrying the server's diagnostics.
 */
final class LockedStart {

    /** Starts the server in its directory, holding its lock. A stale server on the directory is its to stop. */
    @FunctionalInterface
    interface Starter<T> {
        T start(Path dir, OwnerLock lock) throws IOException, InterruptedException;
    }

    private LockedStart() {
    }

    /**
     * @param dataDir     the gateway's data directory; created if missing
     * @param name        the server's directory in it ({@code kafka}, {@code postgres})
     * @param what        the server's name in messages ({@code embedded kafka})
     * @param port        the requested port, checked to be one (0 for a free one)
     * @param diagnostics what to add to a failure's message (the ends of the server's logs) for its directory
     * @throws EmbeddedServerException when the directory cannot be prepared or locked, or the start fails
     */
    static <T> T start(Path dataDir, String name, String what, int port, Function<Path, String> diagnostics,
            Starter<T> starter) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Path dir = dataDir.toAbsolutePath().normalize().resolve(name);
        OwnerLock lock;
        try {
            Files.createDirectories(dir);
            lock = OwnerLock.acquire(dir.resolve("owner.lock"), what);
        } catch (IOException e) {
            throw new EmbeddedServerException("cannot prepare the " + what + " directory " + dir, e);
        }
        try {
            return starter.start(dir, lock);
        } catch (IOException e) {
            lock.close();
            throw new EmbeddedServerException(what + " could not be started [dataDir: " + dir + "]: "
                    + e.getMessage() + diagnostics.apply(dir), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lock.close();
            throw new EmbeddedServerException("interrupted while starting " + what, e);
        } catch (RuntimeException | Error e) {
            lock.close();
            throw e;
        }
    }
}
